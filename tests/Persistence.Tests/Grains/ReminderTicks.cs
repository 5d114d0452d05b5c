using System.Collections.Concurrent;

namespace DigitalTwin.Persistence.Tests.Grains;

/// <summary>Reminder ticks by grain key; the silos run in the test process, so a static is shared with the test.</summary>
public static class ReminderTicks
{
    private static readonly ConcurrentDictionary<string, int> Counts = new(StringComparer.Ordinal);

    public static void Record(string key) => Counts.AddOrUpdate(key, 1, (_, count) => count + 1);

    public static int Count(string key) => Counts.GetValueOrDefault(key);
}
