/**
 * What is typed once to approve or roll back `count` paused deployments together ("approve 2",
 * "roll back 3"): the count is in the words, so a list that grew or shrank since the dialog
 * opened is refused (core checks each hook against it). Shared by the dialog and core.
 */
export function bulkConfirmation(action: 'CONTINUE' | 'ROLLBACK', count: number): string {
  return `${action === 'CONTINUE' ? 'approve' : 'roll back'} ${count}`;
}
