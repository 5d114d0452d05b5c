using DigitalTwin.Grains.History;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Persistence.MessageLog;
using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.History;

/// <summary>
/// Telemetry history from the message log: every accepted telemetry point since the retention horizon.
/// A QoS 1 re-send logged twice (same device time, same fields) counts once, as in a twin's window.
/// Aggregation runs in PostgreSQL with the rules of <see cref="TelemetryAggregator"/>.
/// </summary>
internal sealed class PostgresTelemetryHistory(NpgsqlDataSource database, IGrainFactory grains) : ITelemetryHistory
{
    private const short TelemetryKind = (short)DeviceMessageKind.Telemetry;

    public async Task<TelemetryPoint[]?> ReadAsync(string twinId, TelemetryQuery query, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(twinId))
        {
            return null;
        }

        await using var command = database.CreateCommand(
            $"""
            SELECT DISTINCT ON (device_time, data) device_time, data::text
            FROM dtn_device_messages
            WHERE device_id = $1 AND kind = {TelemetryKind}
              AND device_time >= coalesce($2, '-infinity'::timestamptz) AND device_time <= coalesce($3, 'infinity'::timestamptz)
            ORDER BY device_time DESC, data
            LIMIT $4
            """);
        command.Parameters.Add(Text(twinId));
        command.Parameters.Add(Time(query.Start));
        command.Parameters.Add(Time(query.End));
        command.Parameters.Add(new NpgsqlParameter { Value = query.Limit, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var points = new List<TelemetryPoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            points.Add(new TelemetryPoint(reader.GetFieldValue<DateTimeOffset>(0), LoggedValuesJson.Read(reader.GetString(1))));
        }

        return [.. points];
    }

    public async Task<TelemetryBucket[]?> AggregateAsync(string twinId, TelemetryAggregation aggregation, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(twinId))
        {
            return null;
        }

        var combine = aggregation.Function switch
        {
            AggregateFunction.Count => "count(*)::float8",
            AggregateFunction.Avg => "avg(number)",
            AggregateFunction.Min => "min(number)",
            AggregateFunction.Max => "max(number)",
            _ => "sum(number)",
        };
        await using var command = database.CreateCommand(
            $"""
            WITH points AS (
                SELECT DISTINCT ON (device_time, data) device_time, data
                FROM dtn_device_messages
                WHERE device_id = $1 AND kind = {TelemetryKind} AND device_time >= $2 AND device_time < $3
                ORDER BY device_time, data
            ), fields AS (
                SELECT date_bin($4, p.device_time, $2) AS bucket, f.key,
                       CASE WHEN jsonb_typeof(f.value) = 'number' THEN f.value::text::float8 END AS number
                FROM points p CROSS JOIN LATERAL jsonb_each(p.data) AS f
                WHERE cardinality($5::text[]) = 0 OR f.key = ANY($5)
            )
            SELECT bucket, key, {combine}
            FROM fields
            GROUP BY bucket, key
            ORDER BY bucket, key
            """);
        command.Parameters.Add(Text(twinId));
        command.Parameters.Add(Time(aggregation.Start));
        command.Parameters.Add(Time(aggregation.End));
        command.Parameters.Add(new NpgsqlParameter { Value = aggregation.Interval, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = aggregation.Fields.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var buckets = new List<TelemetryBucket>();
        Dictionary<string, double>? values = null;
        var current = DateTimeOffset.MinValue;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(2))
            {
                continue;
            }

            var bucket = reader.GetFieldValue<DateTimeOffset>(0);
            if (values is null || bucket != current)
            {
                values = new Dictionary<string, double>(StringComparer.Ordinal);
                buckets.Add(new TelemetryBucket(bucket, values));
                current = bucket;
            }

            values[reader.GetString(1)] = reader.GetDouble(2);
        }

        return [.. buckets];
    }

    private async Task<bool> ExistsAsync(string twinId) =>
        await grains.GetGrain<ITwinGrain>(twinId).GetAsync() is not null;

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { Value = value is { } time ? time.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
