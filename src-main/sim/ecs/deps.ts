/** What the ECS handlers work with. */
import type { Engine } from '../engine/engine';
import type { Faults } from '../faults/faults';
import type { ExecSessions } from '../seams/ports';
import type { World } from '../world/world';
import { clusterNameOf } from '../world/world';
import type { ClusterRecord } from '../world/types';
import { clusterNotFound, invalidParameter } from './errors';

export interface EcsDeps {
  world: World;
  engine: Engine;
  faults?: Faults;
  exec?: ExecSessions;
}

/** The cluster an input names (or `default`); ClusterNotFoundException when there is none. */
export function requireCluster(deps: EcsDeps, reference: unknown): ClusterRecord {
  const cluster = deps.world.clusters.get(clusterNameOf(optionalString(reference, 'cluster')));
  if (!cluster || cluster.status === 'INACTIVE') throw clusterNotFound();
  return cluster;
}

export function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a string.`);
  return value;
}

export function requiredString(value: unknown, name: string): string {
  const text = optionalString(value, name);
  if (text === undefined || text === '') throw invalidParameter(`${name} can not be null or empty.`);
  return text;
}

/** A list parameter with ECS's batch limit. */
export function stringList(value: unknown, name: string, max: number, required = true): string[] {
  if (value === undefined || value === null) {
    if (required) throw invalidParameter(`${name} can not be null or empty.`);
    return [];
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalidParameter(`${name} must be a list of strings.`);
  if (required && value.length === 0) throw invalidParameter(`${name} can not be null or empty.`);
  if (value.length > max) throw invalidParameter(`${name} can have at most ${max} items.`);
  return value as string[];
}

export function includeSet(value: unknown): Set<string> {
  return new Set(Array.isArray(value) ? (value as string[]) : []);
}
