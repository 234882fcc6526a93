// Publications (charter C13, C14): public, no token. The index of every list and version, a
// version with its signed manifest and its masked entries, each file's exact bytes (so a client
// can check them against the manifest's hashes), and the authority's public key to check the
// signatures with. Everything is answered from the ledger, whatever became of the directory the
// files were written to. Public data, so reads are not audited.
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { rawPublicKey } from '../../app/publications/authority-key.js';
import {
  manifestFileName,
  type ListDocument,
  type SignedManifest,
} from '../../app/publications/publication-format.js';
import { publicationIndex } from '../../app/publications/publish-lists.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant } from '../../core/time/instant.js';
import type { HttpDeps } from '../http-deps.js';
import { errorResponses } from '../schemas/error.schema.js';

const VersionParams = Type.Object({
  list: Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
    description: 'a public list id',
  }),
  version: Type.Integer({ minimum: 1, description: 'the version, from 1' }),
});

const FileParams = Type.Object({
  list: VersionParams.properties.list,
  version: VersionParams.properties.version,
  name: Type.String({
    pattern: '^v[1-9][0-9]*\\.(json|csv|delta\\.json|manifest\\.json)$',
    description: 'a file of the version',
  }),
});

const FileSchema = Type.Object({
  name: Type.String(),
  sha256: Type.String(),
  bytes: Type.Integer(),
});

const IndexSchema = Type.Object({
  format: Type.String(),
  lists: Type.Immutable(
    Type.Array(
      Type.Object({
        list: Type.String(),
        label: Type.Union([Type.String(), Type.Null()]),
        latest: Type.Integer(),
        versions: Type.Immutable(
          Type.Array(
            Type.Object({
              version: Type.Integer(),
              at: Type.String({ description: 'the entries are as of this instant' }),
              publishedAt: Type.String(),
              entries: Type.Integer(),
              manifestSha256: Type.String(),
              manifest: Type.String({
                description: 'path of the manifest in the publications directory',
              }),
              files: Type.Immutable(Type.Array(Type.String())),
            }),
          ),
        ),
      }),
    ),
  ),
});

const EntrySchema = Type.Object({
  subject: Type.String({
    description: 'masked identifier: a person’s birth date hidden, an organisation’s code as is',
  }),
  name: Type.Union([Type.String(), Type.Null()]),
  list: Type.String(),
  since: Type.String(),
  until: Type.Union([Type.String(), Type.Null()]),
  legalBasis: Type.String(),
  caseReferences: Type.Immutable(Type.Array(Type.String())),
});

const ManifestSchema = Type.Object({
  format: Type.String(),
  list: Type.String(),
  label: Type.String(),
  version: Type.Integer(),
  at: Type.String(),
  publishedAt: Type.String(),
  entries: Type.Integer(),
  files: Type.Immutable(Type.Array(FileSchema)),
  previous: Type.Union([
    Type.Object({ version: Type.Integer(), manifestSha256: Type.String() }),
    Type.Null(),
  ]),
  keyId: Type.String(),
});

const VersionSchema = Type.Object({
  list: Type.String(),
  version: Type.Integer(),
  manifest: ManifestSchema,
  manifestSha256: Type.String({
    description: 'SHA-256 of the canonical JSON of `manifest` (keys sorted, no whitespace)',
  }),
  signature: Type.Object({
    algorithm: Type.Literal('Ed25519'),
    keyId: Type.String(),
    value: Type.String({
      description: 'base64 Ed25519 signature of the canonical JSON of `manifest`',
    }),
  }),
  entries: Type.Immutable(Type.Array(EntrySchema)),
});

const KeySchema = Type.Object({
  keyId: Type.String({ description: 'SHA-256 (hex) of the raw public key' }),
  algorithm: Type.Literal('Ed25519'),
  publicKeyPem: Type.String({ description: 'SPKI, PEM' }),
  publicKey: Type.String({ description: 'the raw 32-byte public key, base64' }),
  createdAt: Type.String(),
});

export const publicationRoutes: FastifyPluginAsyncTypebox<HttpDeps> = (app, deps) => {
  const store = deps.store;

  app.get(
    '/v1/publications',
    {
      schema: {
        tags: ['publications'],
        summary: 'every published version of every public list',
        security: [],
        response: { 200: IndexSchema, ...errorResponses(429) },
      },
    },
    async () => {
      let labels = new Map<string, string>();
      try {
        labels = new Map(deps.service.policyAt(deps.clock()).lists.map((l) => [l.id, l.label]));
      } catch {
        // Still loading, or no policy in force: the index is served without labels.
      }
      return publicationIndex(store, labels);
    },
  );

  app.get(
    '/v1/publications/key',
    {
      schema: {
        tags: ['publications'],
        summary: "the authority's public key that signs every manifest",
        security: [],
        response: { 200: KeySchema, ...errorResponses(404, 429) },
      },
    },
    async () => {
      const key = await store.authorityPublicKey();
      if (key === undefined)
        throw new DomainError(
          'AuthorityKeyMissing',
          'the authority has no key yet: run `probity init`',
        );
      return {
        keyId: key.keyId,
        algorithm: key.algorithm,
        publicKeyPem: key.publicKeyPem,
        publicKey: rawPublicKey(key.publicKeyPem).toString('base64'),
        createdAt: formatInstant(key.createdAt),
      };
    },
  );

  app.get(
    '/v1/publications/:list/:version',
    {
      schema: {
        tags: ['publications'],
        summary: 'one version of a public list: its signed manifest and its masked entries',
        security: [],
        params: VersionParams,
        response: { 200: VersionSchema, ...errorResponses(400, 404, 429) },
      },
    },
    async (request) => {
      const { list, version } = request.params;
      const stored = await store.publication(list, version);
      if (stored === undefined)
        throw new DomainError(
          'PublicationNotFound',
          `list "${list}" has no published version ${version}`,
        );
      const signed = JSON.parse(stored.manifest) as SignedManifest;
      const data = stored.contents[signed.manifest.files[0]?.name ?? ''];
      const entries = data === undefined ? [] : (JSON.parse(data) as ListDocument).entries;
      return {
        list,
        version,
        manifest: signed.manifest,
        manifestSha256: signed.manifestSha256,
        signature: signed.signature,
        entries,
      };
    },
  );

  app.get(
    '/v1/publications/:list/:version/files/:name',
    {
      schema: {
        tags: ['publications'],
        summary:
          "a file of a version, byte for byte as published (check it against the manifest's SHA-256)",
        security: [],
        params: FileParams,
        response: { 200: Type.String(), ...errorResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const { list, version, name } = request.params;
      const stored = await store.publication(list, version);
      const text = name === manifestFileName(version) ? stored?.manifest : stored?.contents[name];
      if (text === undefined)
        throw new DomainError(
          'PublicationNotFound',
          `list "${list}" version ${version} has no file ${name}`,
        );
      const type = name.endsWith('.csv')
        ? 'text/csv; charset=utf-8'
        : 'application/json; charset=utf-8';
      return reply.type(type).send(text);
    },
  );
  return Promise.resolve();
};
