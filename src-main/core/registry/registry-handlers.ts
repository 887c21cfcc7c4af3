import type { registryMethods } from '../../contract/domains/registry';
import type { DomainHandlers } from '../rpc/handlers';
import type { RegistryService } from './registry-service';

export function registryHandlers(deps: { registry: RegistryService }): DomainHandlers<typeof registryMethods> {
  return {
    'registry.repositories': ({ force }) => deps.registry.repositories({ force }),
    'registry.images': ({ repositoryName, force }) => deps.registry.images(repositoryName, { force }),
    'registry.findings': ({ repositoryName, digest, force }) => deps.registry.findings(repositoryName, digest, { force }),
    'registry.repositoryUsers': ({ force }) => deps.registry.repositoryUsers({ force }),
  };
}
