import type { Handlers } from '../rpc/handlers';
import type { RegistryService } from './registry-service';

export function registryHandlers(deps: { registry: RegistryService }): Handlers<'registry.repositories' | 'registry.images'> {
  return {
    'registry.repositories': ({ force }) => deps.registry.repositories({ force }),
    'registry.images': ({ repositoryName, force }) => deps.registry.images(repositoryName, { force }),
  };
}
