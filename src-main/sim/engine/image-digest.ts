/**
 * Digests of images outside the sim's ECR (Docker Hub, ...): ECS resolves every tag to a
 * digest; these images are pullable and get a stable digest made from their name.
 */
export function externalDigest(image: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < image.length; i++) h = Math.imul(h ^ image.charCodeAt(i), 16777619) ^ round;
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return `sha256:${out}`;
}
