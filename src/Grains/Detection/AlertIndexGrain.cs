using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Holds the cluster's latest alerts in memory, at most <see cref="Capacity"/>: past it, the alerts that changed least
/// recently go. Queries scan them all (<see cref="AlertSearch"/>): a few milliseconds per 100,000. Lost with its silo, like the in-memory twins; kept alive, as an idle collection would empty it.
/// </summary>
[KeepAlive]
internal sealed class AlertIndexGrain : Grain, IAlertIndexGrain
{
    public const int Capacity = 100_000;

    private readonly Dictionary<string, AnomalyAlert> _alerts = new(StringComparer.Ordinal);
    private readonly SortedSet<(DateTimeOffset UpdatedAt, string Id)> _byUpdate = [];

    public Task UpsertAsync(AnomalyAlert[] alerts)
    {
        foreach (var alert in alerts)
        {
            var id = alert.Id;
            if (_alerts.TryGetValue(id, out var current))
            {
                if (current.UpdatedAt > alert.UpdatedAt)
                {
                    continue;
                }

                _byUpdate.Remove((current.UpdatedAt, id));
            }

            _alerts[id] = alert;
            _byUpdate.Add((alert.UpdatedAt, id));
        }

        while (_alerts.Count > Capacity)
        {
            var oldest = _byUpdate.Min;
            _byUpdate.Remove(oldest);
            _alerts.Remove(oldest.Id);
        }

        return Task.CompletedTask;
    }

    public Task<AlertPage> QueryAsync(AlertQuery query) => Task.FromResult(AlertSearch.Run(_alerts.Values, query));

    public Task<AnomalyAlert?> FindAsync(string id) => Task.FromResult(_alerts.GetValueOrDefault(id));
}
