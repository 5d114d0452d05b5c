using System.Diagnostics;
using System.Globalization;

namespace DigitalTwin.DirectoryQueries;

/// <summary>
/// Drives one scenario: warm-up requests, then the measured ones, shared by <c>concurrency</c> workers that
/// each send their next request as soon as the previous answer is in. A walk worker follows
/// <c>next_cursor</c> and starts again from the first page at the end of the listing.
/// </summary>
public sealed class ScenarioLoad(ListingClient client, QueryScenario scenario, int concurrency)
{
    private readonly Lock _gate = new();
    private readonly List<long> _ticks = [];
    private readonly List<string> _walkProblems = [];
    private int _remaining;
    private int _walks;
    private int _rowsLow = int.MaxValue;
    private int _rowsHigh;
    private int _countLow = int.MaxValue;
    private int _countHigh;
    private int _failures;
    private string? _firstFailure;
    private bool _recording;

    public async Task<ScenarioFigures> RunAsync(int warmup, int requests, CancellationToken cancellationToken)
    {
        if (scenario.Walk)
        {
            // Measure at least one whole walk, however many pages that takes, so deep pages are in the figures.
            var first = await client.ListAsync(scenario.Query, null, cancellationToken);
            var pages = Math.Max(1, (first.Count + ScenarioSql.PageLimit - 1) / ScenarioSql.PageLimit);
            requests = Math.Max(requests, pages);
        }

        await RunPhaseAsync(warmup, cancellationToken);
        _recording = true;
        await RunPhaseAsync(requests, cancellationToken);

        long[] sorted = [.. _ticks];
        Array.Sort(sorted);
        string? walkCheck = null;
        if (scenario.Walk)
        {
            walkCheck = _walkProblems.Count > 0
                ? string.Join("; ", _walkProblems.Take(3))
                : string.Create(CultureInfo.InvariantCulture, $"{_walks} whole walk(s), every twin of count once");
        }

        return new ScenarioFigures(
            scenario,
            sorted.Length,
            Milliseconds(sorted, 50),
            Milliseconds(sorted, 90),
            Milliseconds(sorted, 99),
            Milliseconds(sorted, 100),
            sorted.Length == 0 ? (0, 0) : (_rowsLow, _rowsHigh),
            sorted.Length == 0 ? (0, 0) : (_countLow, _countHigh),
            _failures,
            _firstFailure,
            walkCheck,
            _walkProblems.Count);
    }

    private async Task RunPhaseAsync(int requests, CancellationToken cancellationToken)
    {
        _remaining = requests;
        var workers = Enumerable.Range(0, Math.Min(concurrency, Math.Max(1, requests))).Select(_ => WorkAsync(cancellationToken));
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        string? cursor = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = 0;
        while (Interlocked.Decrement(ref _remaining) >= 0)
        {
            ListingPage page;
            try
            {
                page = await client.ListAsync(scenario.Query, cursor, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                lock (_gate)
                {
                    _failures++;
                    _firstFailure ??= ex.Message;
                }

                cursor = null;
                seen.Clear();
                continue;
            }

            Record(page);
            if (!scenario.Walk)
            {
                continue;
            }

            foreach (var id in page.Ids)
            {
                repeated += seen.Add(id) ? 0 : 1;
            }

            cursor = page.NextCursor;
            if (cursor is null)
            {
                EndWalk(seen.Count, repeated, page.Count);
                seen.Clear();
                repeated = 0;
            }
        }
    }

    private void Record(ListingPage page)
    {
        if (!_recording)
        {
            return;
        }

        lock (_gate)
        {
            _ticks.Add(page.ElapsedTicks);
            _rowsLow = Math.Min(_rowsLow, page.Ids.Length);
            _rowsHigh = Math.Max(_rowsHigh, page.Ids.Length);
            _countLow = Math.Min(_countLow, page.Count);
            _countHigh = Math.Max(_countHigh, page.Count);
        }
    }

    // Only walks that started and ended inside the measured phase say anything about completeness.
    private void EndWalk(int distinct, int repeated, int count)
    {
        lock (_gate)
        {
            if (!_recording)
            {
                return;
            }

            _walks++;
            if (repeated > 0 || distinct != count)
            {
                _walkProblems.Add(string.Create(CultureInfo.InvariantCulture, $"a walk saw {distinct:N0} distinct twins ({repeated} repeats) for count {count:N0}"));
            }
        }
    }

    /// <summary>Nearest rank: the smallest sample with at least <paramref name="percent"/>% of samples at or below it.</summary>
    private static double Milliseconds(long[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Max(rank, 1) - 1] * 1000.0 / Stopwatch.Frequency;
    }
}
