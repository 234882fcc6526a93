// Says plainly, once per run, whether the PostgreSQL suites run: they need a server, named by
// PROBITY_TEST_DATABASE_URL (.ci/run starts one and sets it).
export default function setup(): void {
  const url = process.env.PROBITY_TEST_DATABASE_URL;
  if (url) {
    console.log(`PostgreSQL suites: running against ${url.replace(/\/\/[^@]*@/, '//***@')}`);
  } else {
    console.log(
      'PostgreSQL suites: NOT RUN (set PROBITY_TEST_DATABASE_URL to a scratch database, as .ci/run does). SQLite suites run.',
    );
  }
}
