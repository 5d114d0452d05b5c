namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>Waits on a condition instead of a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met in time: {what ?? "condition"}; last value: {last}");
            }

            await Task.Delay(50);
        }
    }
}
