/** ECS's errors, worded as ECS words them (where known). */
import { SimError } from '../http/types';

export const clusterNotFound = () => new SimError('ClusterNotFoundException', 'Cluster not found.');
export const serviceNotFound = () => new SimError('ServiceNotFoundException', 'Service not found.');
export const serviceNotActive = () => new SimError('ServiceNotActiveException', 'Service was not ACTIVE.');
export const invalidParameter = (message: string) => new SimError('InvalidParameterException', message);
export const clientError = (message: string) => new SimError('ClientException', message);
