namespace DigitalTwin.BenchHost;

/// <summary>Where the silo under test keeps twins; every mode named in <c>--storage</c> is measured in turn.</summary>
public enum StorageMode
{
    /// <summary>The silo's default: grain state, membership and the directory in memory, no message log.</summary>
    Memory,

    /// <summary><c>Postgres:ConnectionString</c> set: every accepted message is logged before its PUBACK, snapshots written behind.</summary>
    Postgres,
}
