import type { ContainerInstanceRecord } from '@contract/domains/inventory';

/**
 * The cluster query language of `memberOf` placement constraints, for the subjects Wharf
 * knows about an instance: `attribute:NAME`, `ec2InstanceId`, `agentConnected`,
 * `runningTasksCount`. Operators ==, !=, in, not_in (!in), =~, !~, exists, !exists, and <,
 * <=, >, >= on numbers; terms joined by and/&&, or/||, grouped with parentheses, negated with
 * not(...). A subject Wharf cannot read (task:group, registeredAt) or a term it cannot parse
 * answers `unknown`, so the headroom check says so instead of guessing.
 */
export type Tri = true | false | 'unknown';

type InstanceFacts = Pick<ContainerInstanceRecord, 'attributes' | 'ec2InstanceId' | 'agentConnected' | 'runningTasksCount'>;

const TOKEN = /\s*(\(|\)|&&|\|\||\[[^\]]*\]|"[^"]*"|'[^']*'|[^\s()]+)/y;

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(expression))) tokens.push(m[1]);
  return tokens;
}

const not = (v: Tri): Tri => (v === 'unknown' ? v : !v);
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === 'unknown' || b === 'unknown' ? 'unknown' : true);
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === 'unknown' || b === 'unknown' ? 'unknown' : false);

const unquote = (v: string): string => v.replace(/^['"]|['"]$/g, '');
const listOf = (v: string): string[] => v.replace(/^\[|\]$/g, '').split(',').map((s) => unquote(s.trim())).filter(Boolean);

function subjectValue(instance: InstanceFacts, subject: string): string | undefined | null {
  if (subject.startsWith('attribute:')) return instance.attributes[subject.slice('attribute:'.length)];
  switch (subject) {
    case 'ec2InstanceId':
      return instance.ec2InstanceId ?? undefined;
    case 'agentConnected':
      return String(instance.agentConnected);
    case 'runningTasksCount':
      return String(instance.runningTasksCount);
    default:
      return null; // a subject Wharf cannot evaluate
  }
}

function matches(pattern: string, value: string): boolean {
  // ECS's examples read as globs (`t2.*`, `g4dn.*`); as regular expressions they match too.
  try {
    return new RegExp(`^(?:${pattern.replace(/(^|[^.\\])\*/g, '$1.*')})$`).test(value);
  } catch {
    return false;
  }
}

function compare(op: string, actual: string | undefined, argument: string): Tri {
  if (op === 'exists') return actual !== undefined;
  if (op === '!exists') return actual === undefined;
  if (actual === undefined) return op === '!=' || op === '!~' || op === 'not_in' || op === '!in';
  const arg = unquote(argument);
  switch (op) {
    case '==':
      return actual === arg;
    case '!=':
      return actual !== arg;
    case '=~':
      return matches(arg, actual);
    case '!~':
      return !matches(arg, actual);
    case 'in':
      return listOf(argument).includes(actual);
    case 'not_in':
    case '!in':
      return !listOf(argument).includes(actual);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const a = Number(actual);
      const b = Number(arg);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return 'unknown';
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
    default:
      return 'unknown';
  }
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: string[], private readonly instance: InstanceFacts) {}

  parse(): Tri {
    const value = this.orExpr();
    return this.at === this.tokens.length ? value : 'unknown';
  }

  private peek(): string | undefined {
    return this.tokens[this.at];
  }

  private orExpr(): Tri {
    let value = this.andExpr();
    while (this.peek() === '||' || this.peek()?.toLowerCase() === 'or') {
      this.at++;
      value = or(value, this.andExpr());
    }
    return value;
  }

  private andExpr(): Tri {
    let value = this.term();
    while (this.peek() === '&&' || this.peek()?.toLowerCase() === 'and') {
      this.at++;
      value = and(value, this.term());
    }
    return value;
  }

  private term(): Tri {
    const token = this.peek();
    if (token === undefined) return 'unknown';
    if (token.toLowerCase() === 'not' && this.tokens[this.at + 1] === '(') {
      this.at++;
      return not(this.group());
    }
    if (token === '(') return this.group();
    return this.comparison();
  }

  private group(): Tri {
    this.at++; // (
    const value = this.orExpr();
    if (this.peek() !== ')') return 'unknown';
    this.at++;
    return value;
  }

  private comparison(): Tri {
    const subject = this.tokens[this.at++];
    let op = this.tokens[this.at++]?.toLowerCase();
    if (op === undefined) return 'unknown';
    if (op === 'not' && this.peek()?.toLowerCase() === 'in') {
      this.at++;
      op = 'not_in';
    }
    const actual = subjectValue(this.instance, subject);
    if (op === 'exists' || op === '!exists') return actual === null ? 'unknown' : compare(op, actual, '');
    const argument = this.tokens[this.at++];
    if (argument === undefined) return 'unknown';
    return actual === null ? 'unknown' : compare(op, actual, argument);
  }
}

/** Does this instance satisfy the memberOf expression? */
export function memberOf(instance: InstanceFacts, expression: string): Tri {
  const tokens = tokenize(expression);
  if (tokens.length === 0) return 'unknown';
  return new Parser(tokens, instance).parse();
}
