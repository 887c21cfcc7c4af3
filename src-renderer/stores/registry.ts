import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RegistryImage, RepositoryRecord } from '@contract/domains/registry';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';

/**
 * The Registry view's data: the account's ECR repositories, then the images of the one the
 * user picked. Fetched on demand (core caches briefly); a failed refresh keeps the last list.
 */
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

  function refresh(): Promise<void> {
    return selected.value ? Promise.all([loadRepositories(true), select(selected.value, true)]).then(() => {}) : loadRepositories(true);
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
    loadRepositories,
    select,
    refresh,
  };
});
