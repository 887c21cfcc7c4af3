import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ImageFindings, RegistryImage, RepositoryRecord, RepositoryUser } from '@contract/domains/registry';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';

/**
 * The Registry view's data: the account's ECR repositories, then the images of the one the
 * user picked. Fetched on demand (core caches briefly); a failed refresh keeps the last list.
 */
/** How soon to ask again for "run by" while core is still reading the region. */
const USERS_AGAIN_MS = 1_000;

export const useRegistryStore = defineStore('registry', () => {
  const api = storeApi();

  const repositories = ref<RepositoryRecord[]>([]);
  const repositoriesFetchedAt = ref<number | null>(null);
  const repositoriesLoading = ref(false);
  const repositoriesError = shallowRef<ShownError | null>(null);

  const selected = ref<string | null>(null);
  const repository = shallowRef<RepositoryRecord | null>(null);
  const images = shallowRef<RegistryImage[]>([]);
  const imagesFetchedAt = ref<number | null>(null);
  const usageWarnings = ref<string[]>([]);
  const imagesLoading = ref(false);
  const imagesError = shallowRef<ShownError | null>(null);
  let imagesRequest = 0;

  /** Per repository name, the services running its images; null until read. */
  const users = shallowRef<Record<string, RepositoryUser[]> | null>(null);
  const usersError = shallowRef<ShownError | null>(null);
  /** While core still reads the region's services and task definitions: what is left (null: complete). */
  const usersProgress = shallowRef<{ clustersLeft: number | null; taskDefinitionsLeft: number } | null>(null);
  let usersRequest = 0;
  let usersAgain: ReturnType<typeof setTimeout> | null = null;

  /** The image whose findings are open (by digest), and its findings. */
  const findingsDigest = ref<string | null>(null);
  const findings = shallowRef<ImageFindings | null>(null);
  const findingsLoading = ref(false);
  const findingsError = shallowRef<ShownError | null>(null);
  let findingsRequest = 0;

  async function loadRepositories(force = false): Promise<void> {
    repositoriesLoading.value = true;
    try {
      const result = await api.call('registry.repositories', force ? { force } : {});
      repositories.value = result.repositories;
      repositoriesFetchedAt.value = result.fetchedAt;
      repositoriesError.value = null;
    } catch (err) {
      repositoriesError.value = toShownError(err);
    } finally {
      repositoriesLoading.value = false;
    }
  }

  /** Picks a repository and loads its images; only the newest pick's answer is kept. */
  async function select(name: string, force = false): Promise<void> {
    const request = ++imagesRequest;
    if (selected.value !== name) {
      images.value = [];
      repository.value = repositories.value.find((r) => r.name === name) ?? null;
    }
    selected.value = name;
    imagesLoading.value = true;
    try {
      const result = await api.call('registry.images', force ? { repositoryName: name, force } : { repositoryName: name });
      if (request !== imagesRequest) return;
      repository.value = result.repository;
      images.value = result.images;
      imagesFetchedAt.value = result.fetchedAt;
      usageWarnings.value = result.usageWarnings;
      imagesError.value = null;
    } catch (err) {
      if (request === imagesRequest) imagesError.value = toShownError(err);
    } finally {
      if (request === imagesRequest) imagesLoading.value = false;
    }
  }

  /**
   * Which services run each repository's images (slower than the list: every service and task
   * definition). Core answers with what it knows within a second; while it is still reading,
   * this asks again every USERS_AGAIN_MS until the answer is complete (or `stopUsers`).
   */
  async function loadUsers(force = false): Promise<void> {
    const request = ++usersRequest;
    if (usersAgain) clearTimeout(usersAgain);
    usersAgain = null;
    try {
      const result = await api.call('registry.repositoryUsers', force ? { force } : {});
      if (request !== usersRequest) return;
      users.value = result.users;
      usersProgress.value = result.progress;
      usersError.value = null;
      if (result.progress) usersAgain = setTimeout(() => void loadUsers(), USERS_AGAIN_MS);
    } catch (err) {
      if (request === usersRequest) {
        usersError.value = toShownError(err);
        usersProgress.value = null;
      }
    }
  }

  /** The view left: no more asking for the rest of "run by". */
  function stopUsers(): void {
    usersRequest++;
    if (usersAgain) clearTimeout(usersAgain);
    usersAgain = null;
  }

  /** Opens one image's findings (null closes them); only the newest pick's answer is kept. */
  async function openFindings(digest: string | null, force = false): Promise<void> {
    const request = ++findingsRequest;
    if (findingsDigest.value !== digest) findings.value = null;
    findingsDigest.value = digest;
    findingsError.value = null;
    const repo = selected.value;
    if (!digest || !repo) {
      findingsLoading.value = false;
      return;
    }
    findingsLoading.value = true;
    try {
      const result = await api.call('registry.findings', force ? { repositoryName: repo, digest, force } : { repositoryName: repo, digest });
      if (request === findingsRequest) findings.value = result;
    } catch (err) {
      if (request === findingsRequest) findingsError.value = toShownError(err);
    } finally {
      if (request === findingsRequest) findingsLoading.value = false;
    }
  }

  function refresh(): Promise<void> {
    const work = [loadRepositories(true), loadUsers(true)];
    if (selected.value) work.push(select(selected.value, true));
    if (findingsDigest.value) work.push(openFindings(findingsDigest.value, true));
    return Promise.all(work).then(() => {});
  }

  return {
    repositories,
    repositoriesFetchedAt,
    repositoriesLoading,
    repositoriesError,
    selected,
    repository,
    images,
    imagesFetchedAt,
    usageWarnings,
    imagesLoading,
    imagesError,
    users,
    usersError,
    usersProgress,
    findingsDigest,
    findings,
    findingsLoading,
    findingsError,
    loadRepositories,
    loadUsers,
    stopUsers,
    select,
    openFindings,
    refresh,
  };
});
