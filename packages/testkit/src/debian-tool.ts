import { execFileSync, spawnSync } from 'node:child_process';

/** Where a tool a test needs was found, or why the test has to skip. */
export type DebianTool = { path: string; skip: false } | { path: undefined; skip: string };

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/**
 * Finds `command`, installing Debian's `debianPackage` first when it is missing and
 * the tests run as root (as CI does; .ci/run installs it up front). Elsewhere the
 * answer is a skip reason that names the package, so the test says why it did not run.
 */
export function ensureDebianTool(command: string, debianPackage: string): DebianTool {
  let path = which(command);
  if (!path && process.getuid?.() === 0 && which('apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    // Two test files may ask at once: wait for dpkg's lock instead of failing on it.
    const lock = ['-o', 'DPkg::Lock::Timeout=300'];
    try {
      execFileSync('apt-get', [...lock, 'install', '-y', '-qq', '--no-install-recommends', debianPackage], { stdio: 'ignore', env });
    } catch {
      execFileSync('apt-get', [...lock, 'update', '-qq'], { stdio: 'ignore', env });
      execFileSync('apt-get', [...lock, 'install', '-y', '-qq', '--no-install-recommends', debianPackage], { stdio: 'ignore', env });
    }
    path = which(command);
  }
  return path
    ? { path, skip: false }
    : { path: undefined, skip: `${command} is not installed and cannot be installed here (not root): apt-get install ${debianPackage}; .ci/run does this` };
}
