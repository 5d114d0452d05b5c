using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>The processes a run measures: the silo, and in a postgres run the PostgreSQL it writes into.</summary>
public sealed record SystemUnderTest(SiloProcess Silo, PostgresUnderTest? Postgres);
