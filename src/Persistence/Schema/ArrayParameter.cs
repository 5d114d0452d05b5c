using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.Schema;

/// <summary>One column of a batch as a PostgreSQL array parameter, for the stores' <c>unnest(...)</c> upserts.</summary>
internal static class ArrayParameter
{
    public static NpgsqlParameter Of<TRow, T>(string name, NpgsqlDbType type, TRow[] batch, Func<TRow, T> value) =>
        new(name, NpgsqlDbType.Array | type) { Value = Array.ConvertAll(batch, row => value(row)) };
}
