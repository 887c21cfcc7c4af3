/** An AWS account id in groups of four, as the console prints it: "1234 5678 9012". */
export function formatAccountId(id: string): string {
  return /^\d{12}$/.test(id) ? id.replace(/(\d{4})(?=\d)/g, '$1 ') : id;
}
