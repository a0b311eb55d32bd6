import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { imageRepository } from '../results/details.js';
import { JUNIT_FILE, SARIF_FILE, writeChunks } from '../results/index.js';
import { xmlAttr } from '../results/junit.js';
import type { ImageEntry } from './combined.js';

// The run's scan-results.sarif and scan-results.junit.xml, made from the files each image's scan wrote in its folder
// (the results engine's writers, one scan each), read one at a time: the run never holds more than one image's.
// What the `sarif-file` and `junit-file` outputs name, so one upload step serves any number of images.

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

interface SarifRun {
  automationDetails?: { id?: string };
  [key: string]: unknown;
}

/**
 * One SARIF log with every image's run. Each run keeps the category a single scan of its image has
 * (`kube-cinc-scan/<repository>/<profile>/`), so alerts carry over between a single scan and a run of several; when two
 * images of the run share a repository (two tags, or a tag and a digest), each of those gets its folder name appended,
 * so that every run has its own automationDetails.id and no run closes another's alerts. Not written (and an old file
 * removed) when no image has a SARIF run: an empty log would close every open alert.
 */
export async function writeCombinedSarif(
  outputDir: string,
  entries: readonly ImageEntry[],
): Promise<string | undefined> {
  const path = join(outputDir, SARIF_FILE);
  const present = entries.filter((e) => existsSync(join(outputDir, e.folder, SARIF_FILE)));
  if (present.length === 0) {
    await rm(path, { force: true });
    return undefined;
  }
  const perRepository = new Map<string, number>();
  for (const e of present)
    perRepository.set(imageRepository(e.image), (perRepository.get(imageRepository(e.image)) ?? 0) + 1);
  function* chunks(): Generator<string> {
    yield `{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[`;
    let first = true;
    for (const e of present) {
      const log = JSON.parse(readFileSync(join(outputDir, e.folder, SARIF_FILE), 'utf8')) as { runs?: SarifRun[] };
      const shared = (perRepository.get(imageRepository(e.image)) ?? 0) > 1;
      for (const run of log.runs ?? []) {
        const id = run.automationDetails?.id ?? `kube-cinc-scan/${imageRepository(e.image)}/`;
        run.automationDetails = {
          ...run.automationDetails,
          id: shared ? `${id.replace(/\/?$/, '/')}${e.folder}/` : id,
        };
        yield `${first ? '' : ','}${JSON.stringify(run)}`;
        first = false;
      }
    }
    yield ']}\n';
  }
  await writeChunks(path, chunks());
  return path;
}

const SUITES = /<testsuites>\r?\n?([\s\S]*)<\/testsuites>/;

/**
 * One JUnit file with every image's testsuites (an errored image's says why), each suite named after its image and
 * numbered in order, so a CI test report shows one suite per image.
 */
export async function writeCombinedJunit(outputDir: string, entries: readonly ImageEntry[]): Promise<string> {
  const path = join(outputDir, JUNIT_FILE);
  function* chunks(): Generator<string> {
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n';
    let id = 0;
    for (const e of entries) {
      const file = join(outputDir, e.folder, JUNIT_FILE);
      if (!existsSync(file)) continue;
      const suites = SUITES.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
      yield suites.replace(/<testsuite name="([^"]*)"([^>]*?) id="\d+"/g, (_all, name: string, between: string) => {
        const renamed = `<testsuite name="${xmlAttr(e.image)} (${name})"${between} id="${id}"`;
        id += 1;
        return renamed;
      });
    }
    yield '</testsuites>\n';
  }
  await writeChunks(path, chunks());
  return path;
}
