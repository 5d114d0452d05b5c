using System.Text;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Persistence.Schema;
using DigitalTwin.Wire;
using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.Alerts;

/// <summary>
/// The alert index in PostgreSQL (<c>dtn_anomaly_alerts</c>, see <c>Schema/040_anomaly_alerts.sql</c>): shared by
/// every silo, kept across restarts, and never trimmed (the in-memory index keeps only the latest). It answers
/// exactly as <see cref="AlertSearch"/> does; values only ever travel as parameters.
/// </summary>
internal sealed class PostgresAlertStore(NpgsqlDataSource dataSource) : IAlertStore
{
    // One round trip per batch. A row changes only for a newer alert, so batches from several silos may land in
    // any order.
    private const string UpsertSql = """
        INSERT INTO dtn_anomaly_alerts (id, twin_id, type, severity, status, acknowledged, last_seen, updated_at, alert)
        SELECT * FROM unnest(@ids, @twin_ids, @types, @severities, @statuses, @acknowledged, @last_seen, @updated_at, @alerts::jsonb[])
        ON CONFLICT (id) DO UPDATE SET
            twin_id = excluded.twin_id,
            type = excluded.type,
            severity = excluded.severity,
            status = excluded.status,
            acknowledged = excluded.acknowledged,
            last_seen = excluded.last_seen,
            updated_at = excluded.updated_at,
            alert = excluded.alert
        WHERE dtn_anomaly_alerts.updated_at <= excluded.updated_at
        """;

    public async Task UpsertAsync(IReadOnlyList<AnomalyAlert> alerts, CancellationToken cancellationToken)
    {
        // ON CONFLICT may touch a row only once per statement, so keep the newest version of each alert.
        var newest = new Dictionary<string, AnomalyAlert>(alerts.Count, StringComparer.Ordinal);
        foreach (var alert in alerts)
        {
            if (!newest.TryGetValue(alert.Id, out var kept) || kept.UpdatedAt <= alert.UpdatedAt)
            {
                newest[alert.Id] = alert;
            }
        }

        if (newest.Count == 0)
        {
            return;
        }

        var batch = newest.Values.ToArray();
        await using var command = dataSource.CreateCommand(UpsertSql);
        command.Parameters.Add(ArrayParameter.Of("ids", NpgsqlDbType.Text, batch, a => a.Id));
        command.Parameters.Add(ArrayParameter.Of("twin_ids", NpgsqlDbType.Text, batch, a => a.TwinId));
        command.Parameters.Add(ArrayParameter.Of("types", NpgsqlDbType.Text, batch, a => a.Type));
        command.Parameters.Add(ArrayParameter.Of("severities", NpgsqlDbType.Text, batch, a => WireNames.Of(a.Severity)));
        command.Parameters.Add(ArrayParameter.Of("statuses", NpgsqlDbType.Text, batch, a => WireNames.Of(a.Status)));
        command.Parameters.Add(ArrayParameter.Of("acknowledged", NpgsqlDbType.Boolean, batch, a => a.AcknowledgedBy is not null));
        command.Parameters.Add(ArrayParameter.Of("last_seen", NpgsqlDbType.TimestampTz, batch, a => AlertCursor.ToMicroseconds(a.LastSeen)));
        command.Parameters.Add(ArrayParameter.Of("updated_at", NpgsqlDbType.TimestampTz, batch, a => AlertCursor.ToMicroseconds(a.UpdatedAt)));
        command.Parameters.Add(ArrayParameter.Of("alerts", NpgsqlDbType.Text, batch, AlertJson.Write));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AlertPage> QueryAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        AlertCursor? after = null;
        if (query.Cursor is { } text && AlertCursor.TryDecode(text, out after) is { } error)
        {
            throw new ArgumentException($"cursor {error}", nameof(query));
        }

        var filter = Filter(query);
        await using var batch = dataSource.CreateBatch();
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM dtn_anomaly_alerts WHERE {filter.Sql}");
        count.Parameters.AddRange(filter.Parameters());
        batch.BatchCommands.Add(count);

        var afterCursor = after is null ? "" : " AND (updated_at < @after_time OR (updated_at = @after_time AND id > @after_id))";
        var page = new NpgsqlBatchCommand(
            $"SELECT alert::text FROM dtn_anomaly_alerts WHERE {filter.Sql}{afterCursor} ORDER BY updated_at DESC, id LIMIT @limit");
        page.Parameters.AddRange(filter.Parameters());
        page.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit + 1));
        if (after is not null)
        {
            page.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("after_time", after.UpdatedAt));
            page.Parameters.Add(new NpgsqlParameter<string>("after_id", after.Id));
        }

        batch.BatchCommands.Add(page);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = checked((int)reader.GetInt64(0));
        await reader.NextResultAsync(cancellationToken);
        var alerts = new List<AnomalyAlert>(Math.Min(query.Limit + 1, 1024));
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(AlertJson.Read(reader.GetString(0)));
        }

        string? next = null;
        if (alerts.Count > query.Limit)
        {
            alerts.RemoveAt(alerts.Count - 1);
            next = AlertCursor.At(alerts[^1]).Encode();
        }

        return new AlertPage(total, [.. alerts], next);
    }

    public async Task<AnomalyAlert?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT alert::text FROM dtn_anomaly_alerts WHERE id = @id");
        command.Parameters.Add(new NpgsqlParameter<string>("id", id));
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? AlertJson.Read(json) : null;
    }

    /// <summary>The WHERE clause shared by the count and the page, with a fresh set of its parameters for each.</summary>
    private static (string Sql, Func<NpgsqlParameter[]> Parameters) Filter(AlertQuery query)
    {
        var sql = new StringBuilder("true");
        var parameters = new List<Func<NpgsqlParameter>>();
        void Add<T>(string condition, string name, T value)
        {
            sql.Append(" AND ").Append(condition);
            parameters.Add(() => new NpgsqlParameter<T>(name, value));
        }

        if (query.TwinId is { } twin)
        {
            Add("twin_id = @twin_id", "twin_id", twin);
        }

        if (query.Type is { } type)
        {
            Add("type = @type", "type", type);
        }

        if (query.Severity is { } severity)
        {
            Add("severity = @severity", "severity", WireNames.Of(severity));
        }

        if (query.Status is { } status)
        {
            Add("status = @status", "status", WireNames.Of(status));
        }

        if (query.Acknowledged is { } acknowledged)
        {
            Add("acknowledged = @acknowledged", "acknowledged", acknowledged);
        }

        if (query.From is { } from)
        {
            Add("last_seen >= @from", "from", AlertCursor.ToMicroseconds(from));
        }

        if (query.To is { } to)
        {
            Add("last_seen <= @to", "to", AlertCursor.ToMicroseconds(to));
        }

        return (sql.ToString(), () => parameters.ConvertAll(p => p()).ToArray());
    }
}
