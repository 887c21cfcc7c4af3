/**
 * Elastic Load Balancing v2 as the SDK and the CLI speak it: the query protocol (form-encoded
 * requests, XML answers), version 2015-12-01. Read-only, enough for a dashboard:
 * DescribeLoadBalancers, DescribeTargetGroups, DescribeListeners, DescribeRules and
 * DescribeTargetHealth. Errors carry the model's shape names; the front door answers with the
 * model's codes (LoadBalancerNotFound, …) from QUERY_ERROR_CODES.
 */
import { SimError, type OperationInput, type ServiceDefinition } from '../http/types';
import { decodeOffset, encodeOffset } from '../ecr/paging';
import { intOf, listOf } from '../cloudwatch/query-input';
import { ElbStore, type ForwardAction, type ListenerRecord, type RuleRecord, type TargetHealthNow } from './elb-store';

/** Error shape name -> query code: the `error.code` of each shape in botocore's elbv2 model. */
export const ELB_QUERY_ERROR_CODES: Record<string, string> = {
  LoadBalancerNotFoundException: 'LoadBalancerNotFound',
  TargetGroupNotFoundException: 'TargetGroupNotFound',
  ListenerNotFoundException: 'ListenerNotFound',
  RuleNotFoundException: 'RuleNotFound',
  InvalidTargetException: 'InvalidTarget',
  ThrottlingException: 'Throttling',
};

const MAX_PAGE = 400;

export function elbv2Service(store: ElbStore): ServiceDefinition {
  return {
    signingName: 'elasticloadbalancing',
    protocols: ['query'],
    xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
    queryErrorCodes: ELB_QUERY_ERROR_CODES,
    operations: {
      DescribeLoadBalancers: (input) => describeLoadBalancers(store, input),
      DescribeTargetGroups: (input) => describeTargetGroups(store, input),
      DescribeListeners: (input) => describeListeners(store, input),
      DescribeRules: (input) => describeRules(store, input),
      DescribeTargetHealth: (input, ctx) => describeTargetHealth(store, input, ctx.now),
    },
  };
}

function validation(message: string): SimError {
  return new SimError('ValidationError', message);
}

/** Marker/PageSize paging as ELBv2 does it (PageSize 1..400, NextMarker while more are left). */
function page<T>(items: T[], input: OperationInput): { items: T[]; NextMarker?: string } {
  const size = intOf(input.PageSize) ?? MAX_PAGE;
  if (size < 1 || size > MAX_PAGE) throw validation(`1 validation error detected: Value '${String(input.PageSize)}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and ${MAX_PAGE}`);
  const start = input.Marker ? decodeOffset(input.Marker, 'ValidationError') : 0;
  const end = start + size;
  return { items: items.slice(start, end), NextMarker: end < items.length ? encodeOffset(end) : undefined };
}

function strings(value: unknown): string[] {
  return listOf(value).map(String);
}

function describeLoadBalancers(store: ElbStore, input: OperationInput) {
  const arns = strings(input.LoadBalancerArns);
  const names = strings(input.Names);
  if (arns.length && names.length) throw validation('Load balancer names and load balancer ARNs cannot be specified at the same time');
  if (arns.length > 20 || names.length > 20) throw validation('A maximum of 20 load balancers can be specified');
  let all = [...store.loadBalancers.values()];
  if (arns.length) {
    all = arns.map((arn) => store.loadBalancers.get(arn)!);
    if (all.some((lb) => !lb)) throw new SimError('LoadBalancerNotFoundException', 'One or more load balancers not found');
  } else if (names.length) {
    all = names.map((name) => [...store.loadBalancers.values()].find((lb) => lb.name === name)!);
    if (all.some((lb) => !lb)) throw new SimError('LoadBalancerNotFoundException', 'One or more load balancers not found');
  }
  const { items, NextMarker } = page(all, input);
  return {
    LoadBalancers: items.map((lb) => ({
      LoadBalancerArn: lb.arn,
      DNSName: lb.dnsName,
      CanonicalHostedZoneId: lb.type === 'application' ? 'Z35SXDOTRQ7X7K' : 'Z26RNL4JYFTOTI',
      CreatedTime: new Date(lb.createdAt),
      LoadBalancerName: lb.name,
      Scheme: lb.scheme,
      VpcId: lb.vpcId,
      State: { Code: 'active' },
      Type: lb.type,
      AvailabilityZones: lb.zones.map((z) => ({ ZoneName: z.zone, SubnetId: z.subnetId, LoadBalancerAddresses: [] })),
      SecurityGroups: lb.type === 'application' ? lb.securityGroups : undefined,
      IpAddressType: 'ipv4',
    })),
    NextMarker,
  };
}

function describeTargetGroups(store: ElbStore, input: OperationInput) {
  const arns = strings(input.TargetGroupArns);
  const names = strings(input.Names);
  const lbArn = input.LoadBalancerArn ? String(input.LoadBalancerArn) : undefined;
  if ([arns.length > 0, names.length > 0, Boolean(lbArn)].filter(Boolean).length > 1) {
    throw validation('A load balancer ARN, target group names and target group ARNs cannot be specified at the same time');
  }
  let all = [...store.targetGroups.values()];
  if (lbArn) {
    if (!store.loadBalancers.has(lbArn)) throw new SimError('LoadBalancerNotFoundException', `Load balancer '${lbArn}' not found`);
    all = all.filter((tg) => store.loadBalancersOf(tg.arn).includes(lbArn));
  } else if (arns.length || names.length) {
    all = arns.length ? arns.map((arn) => store.targetGroups.get(arn)!) : names.map((name) => all.find((tg) => tg.name === name)!);
    if (all.some((tg) => !tg)) throw new SimError('TargetGroupNotFoundException', 'One or more target groups not found');
  }
  const { items, NextMarker } = page(all, input);
  return {
    TargetGroups: items.map((tg) => ({
      TargetGroupArn: tg.arn,
      TargetGroupName: tg.name,
      Protocol: tg.protocol,
      Port: tg.port,
      VpcId: tg.vpcId,
      HealthCheckProtocol: tg.healthCheck.protocol,
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: tg.healthCheck.intervalSeconds,
      HealthCheckTimeoutSeconds: tg.healthCheck.timeoutSeconds,
      HealthyThresholdCount: tg.healthCheck.healthyThreshold,
      UnhealthyThresholdCount: tg.healthCheck.unhealthyThreshold,
      HealthCheckPath: tg.healthCheck.path,
      Matcher: tg.healthCheck.matcher ? { HttpCode: tg.healthCheck.matcher } : undefined,
      LoadBalancerArns: store.loadBalancersOf(tg.arn),
      TargetType: tg.targetType,
      ProtocolVersion: tg.protocol === 'TCP' ? undefined : 'HTTP1',
      IpAddressType: 'ipv4',
    })),
    NextMarker,
  };
}

function renderAction(action: ListenerRecord['defaultAction'], order = 1) {
  if (action.type === 'fixed-response') {
    return { Type: 'fixed-response', Order: order, FixedResponseConfig: { StatusCode: action.statusCode, ContentType: action.contentType, MessageBody: action.messageBody } };
  }
  return renderForward(action, order);
}

function renderForward(action: ForwardAction, order = 1) {
  const single = action.targetGroups.length === 1 ? action.targetGroups[0].targetGroupArn : undefined;
  return {
    Type: 'forward',
    Order: order,
    TargetGroupArn: single,
    ForwardConfig: {
      TargetGroups: action.targetGroups.map((t) => ({ TargetGroupArn: t.targetGroupArn, Weight: t.weight })),
      TargetGroupStickinessConfig: { Enabled: false },
    },
  };
}

function describeListeners(store: ElbStore, input: OperationInput) {
  const arns = strings(input.ListenerArns);
  const lbArn = input.LoadBalancerArn ? String(input.LoadBalancerArn) : undefined;
  if (!arns.length && !lbArn) throw validation('You must specify either listener ARNs or a load balancer ARN');
  if (arns.length && lbArn) throw validation('Listener ARNs and a load balancer ARN cannot be specified at the same time');
  let all: ListenerRecord[];
  if (lbArn) {
    if (!store.loadBalancers.has(lbArn)) throw new SimError('LoadBalancerNotFoundException', `Load balancer '${lbArn}' not found`);
    all = [...store.listeners.values()].filter((l) => l.loadBalancerArn === lbArn);
  } else {
    all = arns.map((arn) => store.listeners.get(arn)!);
    if (all.some((l) => !l)) throw new SimError('ListenerNotFoundException', 'One or more listeners not found');
  }
  const { items, NextMarker } = page(all, input);
  return {
    Listeners: items.map((l) => ({
      ListenerArn: l.arn,
      LoadBalancerArn: l.loadBalancerArn,
      Port: l.port,
      Protocol: l.protocol,
      Certificates: l.certificateArn ? [{ CertificateArn: l.certificateArn }] : undefined,
      SslPolicy: l.protocol === 'HTTPS' ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : undefined,
      DefaultActions: [renderAction(l.defaultAction)],
    })),
    NextMarker,
  };
}

function renderRule(rule: RuleRecord) {
  return {
    RuleArn: rule.arn,
    Priority: rule.priority,
    Conditions: rule.conditions.map((c) => ({
      Field: c.field,
      Values: c.field === 'http-header' ? undefined : c.values,
      PathPatternConfig: c.field === 'path-pattern' ? { Values: c.values } : undefined,
      HostHeaderConfig: c.field === 'host-header' ? { Values: c.values } : undefined,
      HttpHeaderConfig: c.field === 'http-header' ? { HttpHeaderName: c.headerName, Values: c.values } : undefined,
    })),
    Actions: [renderForward(rule.action)],
    IsDefault: false,
  };
}

function describeRules(store: ElbStore, input: OperationInput) {
  const arns = strings(input.RuleArns);
  const listenerArn = input.ListenerArn ? String(input.ListenerArn) : undefined;
  if (!arns.length && !listenerArn) throw validation('You must specify either listener rule ARNs or a listener ARN');
  if (arns.length && listenerArn) throw validation('Listener rule ARNs and a listener ARN cannot be specified at the same time');
  let rendered: object[];
  if (listenerArn) {
    const listener = store.listeners.get(listenerArn);
    if (!listener) throw new SimError('ListenerNotFoundException', 'One or more listeners not found');
    const defaultRule = {
      RuleArn: `${listener.arn.replace(':listener/', ':listener-rule/')}/default`,
      Priority: 'default',
      Conditions: [],
      Actions: [renderAction(listener.defaultAction)],
      IsDefault: true,
    };
    rendered = [...store.rulesOf(listenerArn).map(renderRule), defaultRule];
  } else {
    const rules = arns.map((arn) => store.rules.get(arn));
    if (rules.some((r) => !r)) throw new SimError('RuleNotFoundException', 'One or more rules not found');
    rendered = (rules as RuleRecord[]).map(renderRule);
  }
  const { items, NextMarker } = page(rendered, input);
  return { Rules: items, NextMarker };
}

function describeTargetHealth(store: ElbStore, input: OperationInput, now: number) {
  const arn = input.TargetGroupArn ? String(input.TargetGroupArn) : '';
  if (!arn) throw validation("1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null");
  const tg = store.targetGroups.get(arn);
  if (!tg) throw new SimError('TargetGroupNotFoundException', `Target groups '${arn}' not found`);
  const all = store.targetHealth(arn, now);
  const asked = listOf(input.Targets).map((t) => ({ id: String(t.Id), port: intOf(t.Port) ?? tg.port }));
  const chosen: TargetHealthNow[] = asked.length
    ? asked.map((t) => all.find((h) => h.target.id === t.id && h.target.port === t.port) ?? ElbStore.notRegistered(t))
    : all;
  return {
    TargetHealthDescriptions: chosen.map((h) => ({
      Target: { Id: h.target.id, Port: h.target.port, AvailabilityZone: tg.targetType === 'ip' ? h.target.availabilityZone : undefined },
      HealthCheckPort: String(h.target.port),
      TargetHealth: { State: h.state, Reason: h.reason, Description: h.description },
    })),
  };
}
