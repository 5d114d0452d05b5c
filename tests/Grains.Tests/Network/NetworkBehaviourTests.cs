using DigitalTwin.Behaviour.Features;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Network;
using DigitalTwin.Grains.Twins;
using static DigitalTwin.Grains.Tests.Network.NetworkWindows;

namespace DigitalTwin.Grains.Tests.Network;

public sealed class NetworkBehaviourTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void KeepsTheMostRecentWindowsNewestFirst()
    {
        var network = new NetworkBehaviour(new TwinState(), capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            Accept(network, Window(Origin.AddSeconds(10 * i), i));
        }

        var view = network.View(new NetworkWindowQuery(null, null, 10));

        Assert.Equal([4.0, 3.0, 2.0], view.Windows.Select(w => w.Values[(int)NetworkFeature.PacketsIn]));
        Assert.Equal(5, view.WindowsAccepted);
        Assert.Equal(5, view.Statistics.Counts[(int)NetworkFeature.PacketsIn]);
        Assert.Equal(2, view.Statistics.Means[(int)NetworkFeature.PacketsIn]);
        Assert.Equal(0, view.Statistics.Counts[(int)NetworkFeature.Jitter]);
    }

    [Fact]
    public void ATwinWithoutWindowsHoldsNoStatisticsOrRecentWindowsAndShowsEmptyOnes()
    {
        var state = new TwinState();
        var network = new NetworkBehaviour(state, capacity: 360);

        var view = network.View(new NetworkWindowQuery(null, null, 10));

        Assert.Null(state.NetworkStatistics);
        Assert.Empty(network.Recent);
        Assert.Empty(view.Windows);
        Assert.Equal((0, 0L), (view.Statistics.SchemaVersion, view.Statistics.Windows));
        Assert.Equal(FeatureCatalog.Count, view.Statistics.Counts.Length);
        Assert.All(view.Statistics.Counts, count => Assert.Equal(0, count));
    }

    [Fact]
    public void EmptyStatisticsAnEarlierActivationStoredBeforeAnyWindowAreDropped()
    {
        var stored = new NetworkStatisticsState();
        stored.Share(FeatureCatalog.Count);
        var state = new TwinState { NetworkStatistics = stored };

        _ = new NetworkBehaviour(state, capacity: 10);

        Assert.Null(state.NetworkStatistics);
    }

    [Fact]
    public void RefusesEarlierWindowsAndIgnoresRepeatedStarts()
    {
        var state = new TwinState();
        var network = new NetworkBehaviour(state, capacity: 10);
        Accept(network, Window(Origin.AddSeconds(10), 1));

        Assert.Equal(NetworkWindowCheck.OutOfOrder, network.Check(Window(Origin, 2)));
        Assert.Equal(NetworkWindowCheck.Duplicate, network.Check(Window(Origin.AddSeconds(10), 3)));
        Assert.Equal(NetworkWindowCheck.Accepted, network.Check(Window(Origin.AddSeconds(20), 4)));

        Assert.Equal(1, state.NetworkWindowsOutOfOrder);
        Assert.Equal(1, state.NetworkWindowsDuplicate);
        Assert.Equal(1, state.NetworkWindowsAccepted);
        Assert.Equal(1, state.NetworkStatistics!.Counts[(int)NetworkFeature.PacketsIn]);
    }

    [Fact]
    public void SelectsWindowsByStartWithinTheRangeAndLimit()
    {
        var network = new NetworkBehaviour(new TwinState(), capacity: 10);
        for (var i = 0; i < 6; i++)
        {
            Accept(network, Window(Origin.AddSeconds(10 * i), i));
        }

        var view = network.View(new NetworkWindowQuery(Origin.AddSeconds(10), Origin.AddSeconds(40), 2));

        Assert.Equal([Origin.AddSeconds(40), Origin.AddSeconds(30)], view.Windows.Select(w => w.Start));
    }

    [Fact]
    public void RestoringAppliesOnlyWindowsAfterTheLatestItKnows()
    {
        var state = new TwinState();
        var first = new NetworkBehaviour(state, capacity: 10);
        Accept(first, Window(Origin, 1));
        Accept(first, Window(Origin.AddSeconds(10), 2));

        // A new activation over the same state finds the table holding one window more than its snapshot.
        var second = new NetworkBehaviour(state, capacity: 10);
        var replayed = second.Restore([Window(Origin, 1), Window(Origin.AddSeconds(10), 2), Window(Origin.AddSeconds(20), 3)]);

        Assert.Equal(1, replayed);
        Assert.Equal(3, second.Recent.Count);
        Assert.Equal(3, state.NetworkWindowsAccepted);
        Assert.Equal(2, state.NetworkStatistics!.Means[(int)NetworkFeature.PacketsIn]);
        Assert.Equal(Origin.AddSeconds(20), state.LatestNetworkWindowStart);
    }

    [Fact]
    public void StatisticsWrittenForAShorterCatalogueGrow()
    {
        var state = new TwinState { NetworkStatistics = new NetworkStatisticsState { Counts = [1], Means = [5], SquaredDeviations = [0], Minimums = [5], Maximums = [5], WeightedMeans = [5] } };

        var network = new NetworkBehaviour(state, capacity: 10);
        Accept(network, Window(Origin, 7));

        Assert.Equal(FeatureCatalog.Count, state.NetworkStatistics.Counts.Length);
        Assert.Equal(2, state.NetworkStatistics.Counts[0]);
        Assert.Equal(6, state.NetworkStatistics.Means[0]);
    }

    [Fact]
    public void TheFirstWindowGivesTheStatisticsItsSchemaVersion()
    {
        var state = new TwinState();
        var network = new NetworkBehaviour(state, capacity: 10);

        Assert.Equal(0, network.View(Everything).Statistics.SchemaVersion);
        Assert.Null(network.Apply(Window(Origin, 3, schemaVersion: 1)));

        var view = network.View(Everything);
        Assert.Equal((1, 1L, 0L), (view.Statistics.SchemaVersion, view.Statistics.Windows, view.SchemaChanges));
    }

    [Fact]
    public void AWindowOfAnotherSchemaVersionRestartsTheStatisticsAndJoinsTheRecentWindows()
    {
        var state = new TwinState();
        var network = new NetworkBehaviour(state, capacity: 10);
        Accept(network, Window(Origin, 100, schemaVersion: 1));
        Accept(network, Window(Origin.AddSeconds(10), 300, schemaVersion: 1));

        Assert.Equal(NetworkWindowCheck.Accepted, network.Check(Window(Origin.AddSeconds(20), 4, schemaVersion: 2)));
        var replaced = network.Apply(Window(Origin.AddSeconds(20), 4, schemaVersion: 2));
        Accept(network, Window(Origin.AddSeconds(30), 6, schemaVersion: 2));

        Assert.Equal(1, replaced);
        var view = network.View(Everything);
        Assert.Equal((2, 2L), (view.Statistics.SchemaVersion, view.Statistics.Windows));
        Assert.Equal(2, view.Statistics.Counts[(int)NetworkFeature.PacketsIn]);
        Assert.Equal(5, view.Statistics.Means[(int)NetworkFeature.PacketsIn]);
        Assert.Equal(4, view.Statistics.Minimums[(int)NetworkFeature.PacketsIn]);
        Assert.Equal((4L, 1L), (view.WindowsAccepted, view.SchemaChanges));
        Assert.Equal([2, 2, 1, 1], view.Windows.Select(w => w.SchemaVersion));
    }

    [Fact]
    public void GoingBackToAnEarlierSchemaVersionRestartsTheStatisticsToo()
    {
        var state = new TwinState();
        var network = new NetworkBehaviour(state, capacity: 10);
        Accept(network, Window(Origin, 8, schemaVersion: 2));

        Assert.Equal(2, network.Apply(Window(Origin.AddSeconds(10), 1, schemaVersion: 1)));

        Assert.Equal((1, 1L, 1L), (state.NetworkStatistics!.SchemaVersion, state.NetworkStatistics.Windows, state.NetworkSchemaChanges));
        Assert.Equal(1, state.NetworkStatistics.Means[(int)NetworkFeature.PacketsIn]);
    }

    [Fact]
    public void StatisticsWrittenBeforeVersionsWereKeptAreSchemaOne()
    {
        // A snapshot of a twin that took two windows before the state had a schema version.
        var state = new TwinState
        {
            NetworkWindowsAccepted = 2,
            NetworkStatistics = new NetworkStatisticsState { Counts = [2], Means = [5], SquaredDeviations = [2], Minimums = [4], Maximums = [6], WeightedMeans = [5] },
        };

        var network = new NetworkBehaviour(state, capacity: 10);
        var before = network.View(Everything).Statistics;
        Assert.Equal((1, 2L), (before.SchemaVersion, before.Windows));

        Assert.Null(network.Apply(Window(Origin, 8, schemaVersion: 1)));
        Assert.Equal(3, state.NetworkStatistics.Counts[0]);
        Assert.Equal(1, network.Apply(Window(Origin.AddSeconds(10), 8, schemaVersion: 2)));
        Assert.Equal(1, state.NetworkStatistics.Counts[0]);
    }

    [Fact]
    public void RestoringAppliesTheWindowsItReplaysUnderTheirSchemaVersion()
    {
        var state = new TwinState();
        var first = new NetworkBehaviour(state, capacity: 10);
        Accept(first, Window(Origin, 1, schemaVersion: 1));

        // The table holds two windows of schema 2 the snapshot missed.
        var second = new NetworkBehaviour(state, capacity: 10);
        second.Restore([Window(Origin, 1, schemaVersion: 1), Window(Origin.AddSeconds(10), 20, schemaVersion: 2), Window(Origin.AddSeconds(20), 40, schemaVersion: 2)]);

        var view = second.View(Everything);
        Assert.Equal((2, 2L, 1L), (view.Statistics.SchemaVersion, view.Statistics.Windows, view.SchemaChanges));
        Assert.Equal(30, view.Statistics.Means[(int)NetworkFeature.PacketsIn]);
        Assert.Equal([2, 2, 1], view.Windows.Select(w => w.SchemaVersion));
    }

    [Fact]
    public void AWindowOfSchemaThreeAfterSchemaTwoRestartsTheStatisticsAndBothAreListedWithTheirVersions()
    {
        var state = new TwinState();
        var network = new NetworkBehaviour(state, capacity: 10);
        Accept(network, Window(Origin, 10, schemaVersion: 2));
        var third = Window(Origin.AddSeconds(10), 4, schemaVersion: 3);
        third.Values[(int)NetworkFeature.SynOut] = 3;

        Assert.Equal(2, network.Apply(third));

        var view = network.View(Everything);
        Assert.Equal((3, 1L, 1L), (view.Statistics.SchemaVersion, view.Statistics.Windows, view.SchemaChanges));
        Assert.Equal(FeatureCatalog.Count, view.Statistics.Counts.Length);
        Assert.Equal((1L, 4.0), (view.Statistics.Counts[(int)NetworkFeature.PacketsIn], view.Statistics.Means[(int)NetworkFeature.PacketsIn]));
        Assert.Equal((1L, 3.0), (view.Statistics.Counts[(int)NetworkFeature.SynOut], view.Statistics.Means[(int)NetworkFeature.SynOut]));
        Assert.Equal([3, 2], view.Windows.Select(w => w.SchemaVersion));
        Assert.All(view.Windows, w => Assert.Equal(FeatureCatalog.Count, w.Values.Length));
    }

    [Fact]
    public void StatisticsOfThirtyTwoFeaturesSavedByTheOldCodeWidenAndGoOn()
    {
        // A snapshot written when the catalogue had 32 features: three windows of schema 2, packets_in 2, 4 and 6.
        var state = new TwinState
        {
            NetworkWindowsAccepted = 3,
            NetworkStatistics = new NetworkStatisticsState
            {
                Counts = Filled(32, 3L), Means = Filled(32, 4.0), SquaredDeviations = Filled(32, 8.0),
                Minimums = Filled(32, 2.0), Maximums = Filled(32, 6.0), WeightedMeans = Filled(32, 4.0), SchemaVersion = 2, Windows = 3,
            },
        };

        var network = new NetworkBehaviour(state, capacity: 10);
        Accept(network, Window(Origin, 8, schemaVersion: 2));

        var statistics = network.View(Everything).Statistics;
        Assert.Equal(FeatureCatalog.Count, state.NetworkStatistics.Means.Length);
        Assert.Equal((2, 4L), (statistics.SchemaVersion, statistics.Windows));
        Assert.Equal((4L, 5.0), (statistics.Counts[(int)NetworkFeature.PacketsIn], statistics.Means[(int)NetworkFeature.PacketsIn]));
        Assert.Equal(0, statistics.Counts[(int)NetworkFeature.SynOut]);
        Assert.True(double.IsNaN(statistics.Means[(int)NetworkFeature.PeriodicGapCv]));

        // The first window of schema 3 restarts them, as any change of version does.
        Assert.Equal(2, network.Apply(Window(Origin.AddSeconds(10), 1, schemaVersion: 3)));
        Assert.Equal((3, 1L, 1L), (state.NetworkStatistics.SchemaVersion, state.NetworkStatistics.Windows, state.NetworkSchemaChanges));
    }

    [Fact]
    public void StatisticsArraysOfDisagreeingLengthsStillLoad()
    {
        var state = new TwinState
        {
            NetworkStatistics = new NetworkStatisticsState { Counts = Filled(FeatureCatalog.Count, 0L), Means = Filled(32, 0.0), SquaredDeviations = null!, SchemaVersion = 3 },
        };

        var network = new NetworkBehaviour(state, capacity: 10);
        Accept(network, Window(Origin, 5));

        Assert.All(
            [state.NetworkStatistics.Means, state.NetworkStatistics.SquaredDeviations, state.NetworkStatistics.Minimums, state.NetworkStatistics.Maximums, state.NetworkStatistics.WeightedMeans],
            array => Assert.Equal(FeatureCatalog.Count, array.Length));
        Assert.Equal(5, state.NetworkStatistics.Means[(int)NetworkFeature.PacketsIn]);
    }

    [Fact]
    public void RecentWindowsOfThirtyTwoValuesReadBackWidenedWithNaN()
    {
        // Parked in a state, read from the window table or sent by a silo of the old code: 32 values each.
        var state = new TwinState();
        var first = new NetworkBehaviour(state, capacity: 10);
        Accept(first, Short(Origin, 1, schemaVersion: 2));

        var second = new NetworkBehaviour(state, capacity: 10);
        var replayed = second.Restore([Short(Origin, 1, schemaVersion: 2), Short(Origin.AddSeconds(10), 3, schemaVersion: 2)]);

        Assert.Equal(1, replayed);
        var view = second.View(Everything);
        Assert.All(view.Windows, w => Assert.Equal(FeatureCatalog.Count, w.Values.Length));
        Assert.All(view.Windows, w => Assert.True(double.IsNaN(w.Values[(int)NetworkFeature.SynOut])));
        Assert.Equal([3.0, 1.0], view.Windows.Select(w => w.Values[(int)NetworkFeature.PacketsIn]));
        Assert.Equal(2, view.Statistics.Means[(int)NetworkFeature.PacketsIn]);
    }

    [Fact]
    public void AValueAWindowsVersionDoesNotDefineIsNotTaken()
    {
        var network = new NetworkBehaviour(new TwinState(), capacity: 10);
        var window = Window(Origin, 1, schemaVersion: 2);
        window.Values[(int)NetworkFeature.SynOut] = 9;

        Accept(network, window);

        var view = network.View(Everything);
        Assert.Equal(0, view.Statistics.Counts[(int)NetworkFeature.SynOut]);
        Assert.True(double.IsNaN(Assert.Single(view.Windows).Values[(int)NetworkFeature.SynOut]));
    }

    private static T[] Filled<T>(int length, T value)
    {
        var array = new T[length];
        Array.Fill(array, value);
        return array;
    }

    private static NetworkWindowRecord Short(DateTimeOffset start, double packetsIn, int schemaVersion)
    {
        var values = Filled(32, double.NaN);
        values[(int)NetworkFeature.PacketsIn] = packetsIn;
        return new NetworkWindowRecord(start, 10, values, schemaVersion);
    }

    private static readonly NetworkWindowQuery Everything = new(null, null, 100);

    private static void Accept(NetworkBehaviour network, NetworkWindowRecord window)
    {
        Assert.Equal(NetworkWindowCheck.Accepted, network.Check(window));
        network.Apply(window);
    }
}
