/**
 * DescribeTasks' encoded JSON, cached per task. Encoding 100 tasks is most of what a
 * DescribeTasks costs the sim, and most tasks have not changed since they were last described:
 * every change to a task bumps its `version` (as ECS's does), so the JSON encoded for a version
 * stays right until the version moves. Tags change without a version bump (as on ECS), so they
 * are never cached: they are spliced onto the cached JSON when asked for.
 */
import { encodeJsonOutput } from '../http/json-codec';
import { JsonFragment } from '../http/json-fragment';
import type { TaskRecord } from '../world/types';
import type { World } from '../world/world';
import { renderTask } from './render';

export class TaskJsonCache {
  private readonly encoded = new WeakMap<TaskRecord, { version: number; bytes: Buffer }>();

  constructor(private readonly world: World) {}

  /** The task as DescribeTasks returns it, its JSON encoded once per version. */
  fragment(task: TaskRecord, includeTags: boolean): JsonFragment {
    let entry = this.encoded.get(task);
    if (!entry || entry.version !== task.version) {
      entry = { version: task.version, bytes: Buffer.from(encodeJsonOutput(renderTask(this.world, task, false))) };
      this.encoded.set(task, entry);
    }
    // The cached JSON is an object: `{…}` -> `{…,"tags":[…]}`.
    const bytes = includeTags ? Buffer.concat([entry.bytes.subarray(0, -1), Buffer.from(`,"tags":${JSON.stringify(task.tags)}}`)]) : entry.bytes;
    return new JsonFragment(bytes, () => renderTask(this.world, task, includeTags));
  }
}
