// Publications (charter C13, C14): public, no token. The index of every list and version, a
// version with its signed manifest and its masked entries, each file's exact bytes (so a client
// can check them against the manifest's hashes), and the authority's public key to check the
// signatures with. Everything is answered from the ledger, whatever became of the directory the
// files were written to (app/publications/publication-read.ts). Public data, so reads are not
// audited; the caller is the public unless the request carries a token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { MAX_ID } from '../schemas/api.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

const VersionParams = Type.Object({
  list: Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
    description: 'a public list id',
  }),
  version: Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'the version, from 1' }),
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
  sources: Type.Optional(
    Type.Object(
      {
        catalog: Type.Object({ version: Type.Integer(), sha256: Type.String() }),
        policy: Type.Object({
          id: Type.String(),
          version: Type.Integer(),
          sha256: Type.String(),
        }),
      },
      {
        description:
          'the catalogue version in force and the policy version in force at `at`, with the SHA-256 of their texts as the ledger holds them (absent from versions published before manifests carried it)',
      },
    ),
  ),
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
    async (request) => deps.app.publicationIndex(callerOf(request)),
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
    async (request) => deps.app.authorityKey(callerOf(request)),
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
    async (request) => deps.app.publication(callerOf(request), request.params),
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
      const { name } = request.params;
      const text = await deps.app.publicationFile(callerOf(request), request.params);
      const type = name.endsWith('.csv')
        ? 'text/csv; charset=utf-8'
        : 'application/json; charset=utf-8';
      return reply.type(type).send(text);
    },
  );
  return Promise.resolve();
};
