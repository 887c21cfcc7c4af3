/**
 * CreateService / UpdateService's deploymentConfiguration and loadBalancers as ECS checks them:
 * the strategy and what goes with it (bake time, linear and canary configuration, lifecycle
 * hooks with PAUSE and their timeouts, alarms), and the blue/green load balancer pair
 * (advancedConfiguration). Ranges and rules from the ECS API reference (DeploymentConfiguration,
 * LinearConfiguration, CanaryConfiguration, DeploymentLifecycleHook, AdvancedConfiguration);
 * the wording of the messages is the sim's.
 */
import type { Json } from '../world/types';
import type { EcsDeps } from './deps';
import { invalidParameter } from './errors';

const STRATEGIES = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'];
const HOOK_STAGES = ['RECONCILE_SERVICE', 'PRE_SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT', 'PRE_PRODUCTION_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT'];
/** Stages ECS invokes more than once (per traffic shift): a PAUSE hook cannot wait there. */
const TRAFFIC_SHIFT_STAGES = ['TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT'];

function isMultipleOfTenth(value: number): boolean {
  return Math.abs(value * 10 - Math.round(value * 10)) < 1e-9;
}

function integerIn(value: unknown, name: string, min: number, max: number): void {
  if (value === undefined) return;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw invalidParameter(`${name} must be an integer from ${min} to ${max}.`);
}

/**
 * Checks the deployment configuration a service would have after this call (`config`, with the
 * service's `loadBalancers`); throws InvalidParameterException as ECS does.
 */
export function validateDeploymentConfiguration(deps: EcsDeps, config: Json, loadBalancers: Json[], controller: string = 'ECS'): void {
  const strategy = config?.strategy ?? 'ROLLING';
  if (!STRATEGIES.includes(strategy)) throw invalidParameter(`Invalid deployment strategy '${String(strategy)}': use one of ${STRATEGIES.join(', ')}.`);
  if (strategy !== 'ROLLING' && controller !== 'ECS') throw invalidParameter(`The ${strategy} deployment strategy requires the ECS deployment controller.`);
  const staged = strategy !== 'ROLLING';

  if (config?.bakeTimeInMinutes !== undefined) {
    if (!staged) throw invalidParameter('bakeTimeInMinutes is only valid for the BLUE_GREEN, LINEAR and CANARY deployment strategies.');
    integerIn(config.bakeTimeInMinutes, 'bakeTimeInMinutes', 0, 1440);
  } else if (strategy === 'BLUE_GREEN') {
    throw invalidParameter('bakeTimeInMinutes must be specified when the deployment strategy is BLUE_GREEN.');
  }

  const linear = config?.linearConfiguration;
  if (linear !== undefined) {
    if (strategy !== 'LINEAR') throw invalidParameter('linearConfiguration is only valid when the deployment strategy is LINEAR.');
    if (linear.stepPercent !== undefined) {
      const p = Number(linear.stepPercent);
      if (!(p >= 3 && p <= 100) || !isMultipleOfTenth(p)) throw invalidParameter('linearConfiguration.stepPercent must be a multiple of 0.1 from 3.0 to 100.0.');
    }
    integerIn(linear.stepBakeTimeInMinutes, 'linearConfiguration.stepBakeTimeInMinutes', 0, 1440);
  }
  const canary = config?.canaryConfiguration;
  if (canary !== undefined) {
    if (strategy !== 'CANARY') throw invalidParameter('canaryConfiguration is only valid when the deployment strategy is CANARY.');
    if (canary.canaryPercent !== undefined) {
      const p = Number(canary.canaryPercent);
      if (!(p >= 0.1 && p <= 100) || !isMultipleOfTenth(p)) throw invalidParameter('canaryConfiguration.canaryPercent must be a multiple of 0.1 from 0.1 to 100.0.');
    }
    integerIn(canary.canaryBakeTimeInMinutes, 'canaryConfiguration.canaryBakeTimeInMinutes', 0, 1440);
  }

  const hooks = config?.lifecycleHooks;
  if (hooks !== undefined) {
    if (!Array.isArray(hooks)) throw invalidParameter('lifecycleHooks must be a list.');
    if (hooks.length && !staged) throw invalidParameter('lifecycleHooks are only valid for the BLUE_GREEN, LINEAR and CANARY deployment strategies.');
    for (const hook of hooks as Json[]) validateHook(hook);
  }

  const alarms = config?.alarms;
  if (alarms !== undefined) {
    if (typeof alarms.enable !== 'boolean' || typeof alarms.rollback !== 'boolean' || !Array.isArray(alarms.alarmNames)) {
      throw invalidParameter('alarms requires alarmNames, enable and rollback.');
    }
    if (alarms.enable && alarms.alarmNames.length === 0) throw invalidParameter('alarms.alarmNames must name at least one alarm when alarms are enabled.');
  }

  validateLoadBalancers(deps, loadBalancers, strategy);
}

function validateHook(hook: Json): void {
  const targetType = hook?.targetType ?? 'AWS_LAMBDA';
  if (targetType !== 'AWS_LAMBDA' && targetType !== 'PAUSE') throw invalidParameter(`Invalid lifecycle hook targetType '${String(targetType)}': use AWS_LAMBDA or PAUSE.`);
  const stages = hook?.lifecycleStages;
  if (!Array.isArray(stages) || stages.length === 0) throw invalidParameter('A lifecycle hook must name at least one stage in lifecycleStages.');
  for (const stage of stages) {
    if (!HOOK_STAGES.includes(stage)) throw invalidParameter(`Invalid lifecycle stage '${String(stage)}' for a lifecycle hook.`);
  }
  if (targetType === 'AWS_LAMBDA') {
    if (!hook.hookTargetArn) throw invalidParameter('hookTargetArn is required for an AWS_LAMBDA lifecycle hook.');
    if (!/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9-_]+(:[A-Za-z0-9-_$]+)?$/.test(String(hook.hookTargetArn))) {
      throw invalidParameter(`hookTargetArn '${String(hook.hookTargetArn)}' is not a Lambda function ARN.`);
    }
    if (!hook.roleArn) throw invalidParameter('roleArn is required for an AWS_LAMBDA lifecycle hook.');
  } else {
    if (hook.hookTargetArn) throw invalidParameter('hookTargetArn is not valid for a PAUSE lifecycle hook.');
    const shift = stages.find((s: string) => TRAFFIC_SHIFT_STAGES.includes(s));
    if (shift) throw invalidParameter(`A PAUSE lifecycle hook can't be used at the ${shift} stage: use POST_TEST_TRAFFIC_SHIFT, PRE_PRODUCTION_TRAFFIC_SHIFT or POST_PRODUCTION_TRAFFIC_SHIFT.`);
  }
  const timeout = hook.timeoutConfiguration;
  if (timeout !== undefined) {
    integerIn(timeout.timeoutInMinutes, 'timeoutConfiguration.timeoutInMinutes', 1, 20160);
    if (timeout.action !== undefined && timeout.action !== 'ROLLBACK' && timeout.action !== 'CONTINUE') {
      throw invalidParameter(`Invalid timeoutConfiguration.action '${String(timeout.action)}': use ROLLBACK or CONTINUE.`);
    }
  }
}

function validateLoadBalancers(deps: EcsDeps, loadBalancers: Json[], strategy: string): void {
  const elb = deps.engine.loadBalancing;
  const withAdvanced = loadBalancers.filter((lb) => lb?.advancedConfiguration);
  if (withAdvanced.length && strategy === 'ROLLING') {
    throw invalidParameter('advancedConfiguration in loadBalancers is only valid for the BLUE_GREEN, LINEAR and CANARY deployment strategies.');
  }
  if ((strategy === 'LINEAR' || strategy === 'CANARY') && withAdvanced.length === 0) {
    throw invalidParameter(`The ${strategy} deployment strategy shifts traffic through a load balancer: give a loadBalancers entry with advancedConfiguration (alternateTargetGroupArn, productionListenerRule, roleArn).`);
  }
  for (const lb of loadBalancers) {
    if (lb?.targetGroupArn && !elb.hasTargetGroup(lb.targetGroupArn)) throw invalidParameter(`The target group with targetGroupArn ${lb.targetGroupArn} does not exist.`);
    const adv = lb?.advancedConfiguration;
    if (!adv) continue;
    if (!lb.targetGroupArn) throw invalidParameter('advancedConfiguration requires the load balancer entry to have a targetGroupArn.');
    if (!adv.alternateTargetGroupArn || !adv.productionListenerRule || !adv.roleArn) {
      throw invalidParameter('advancedConfiguration requires alternateTargetGroupArn, productionListenerRule and roleArn.');
    }
    if (adv.alternateTargetGroupArn === lb.targetGroupArn) throw invalidParameter('alternateTargetGroupArn must differ from targetGroupArn.');
    if (!elb.hasTargetGroup(adv.alternateTargetGroupArn)) throw invalidParameter(`The target group with targetGroupArn ${adv.alternateTargetGroupArn} does not exist.`);
    for (const rule of [adv.productionListenerRule, adv.testListenerRule].filter(Boolean)) {
      if (!elb.hasForwarder(rule)) throw invalidParameter(`The listener rule ${rule} does not exist.`);
      const weights = elb.forwardWeights(rule) ?? {};
      if (!(lb.targetGroupArn in weights) || !(adv.alternateTargetGroupArn in weights)) {
        throw invalidParameter(`The listener rule ${rule} must forward to both target groups (${lb.targetGroupArn} and ${adv.alternateTargetGroupArn}).`);
      }
    }
  }
}
