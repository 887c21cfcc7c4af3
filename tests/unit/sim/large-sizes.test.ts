import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../../src-main/sim/scenarios/index';
import { DEFAULT_LARGE_SIZES } from '../../../src-main/sim/scenarios/large';

describe('large scenario sizes', () => {
  it('keeps the defaults for sizes the CLI left unset (undefined)', () => {
    expect(withDefaults({ services: undefined, tasks: undefined, instances: undefined })).toEqual(DEFAULT_LARGE_SIZES);
  });

  it('takes the sizes that are given', () => {
    expect(withDefaults({ services: 12 })).toEqual({ ...DEFAULT_LARGE_SIZES, services: 12 });
  });
});
