import { chromiumPath } from './chromium.cjs';

/** Before any test: the system Chromium is there (else one error that says how to get it). */
export default function globalSetup(): void {
  chromiumPath();
}
