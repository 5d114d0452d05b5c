using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Detection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DigitalTwin.ModelTrainer.Tests;

/// <summary>How a silo loads, refuses and reloads its trained model, and how twins score with it.</summary>
[Collection(TrainedModelCollection.Name)]
public sealed class DetectionModelHostTests(TrainedModelFixture fixture)
{
    [Fact]
    public void AValidModelServesAndTheStatusSaysWhatItWasTrainedOnAndThatItScoresCompiled()
    {
        var path = Copy("valid.dtnmodel");
        var host = Host(path);

        Assert.True(host.Refresh());

        Assert.NotNull(host.Current);
        var status = host.Status;
        Assert.True(status.Serving);
        Assert.Equal(("default.parquet", "default"), (status.TrainedOn, status.Scenario));
        Assert.Equal("compiled", status.Scoring);
        Assert.Null(status.LastError);
        Assert.False(host.Refresh());
    }

    [Fact]
    public void ABadFileIsRefusedWithItsReasonAndThePreviousModelKeepsServing()
    {
        var path = Copy("replaced.dtnmodel");
        var host = Host(path);
        host.Refresh();
        var serving = host.Current;

        File.WriteAllBytes(path, File.ReadAllBytes(path)[..1_000]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        Assert.False(host.Refresh());
        Assert.Same(serving, host.Current);
        Assert.True(host.Status.Serving);
        Assert.Contains("replaced.dtnmodel", host.Status.LastError);
    }

    [Theory]
    [InlineData("\"training\"")]
    [InlineData("\"features\"")]
    public void AManifestMissingAPartIsRefusedWithoutStoppingTheSiloAndThePreviousModelKeepsServing(string part)
    {
        var path = Copy($"incomplete-{part.Trim('"')}.dtnmodel");
        var host = Host(path);
        host.Refresh();
        var serving = host.Current;

        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            string json;
            using (var reader = new StreamReader(entry.Open()))
            {
                json = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            writer.Write(json.Replace(part, "\"unused\"", StringComparison.Ordinal));
        }

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(3));

        Assert.False(host.Refresh());
        Assert.Same(serving, host.Current);
        Assert.NotNull(host.Status.LastError);
    }

    [Fact]
    public void AChangedFileIsLoadedAgain()
    {
        var path = Copy("reloaded.dtnmodel");
        var host = Host(path);
        host.Refresh();
        var first = host.Current;

        File.Copy(fixture.ModelPath, path, overwrite: true);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(2));

        Assert.True(host.Refresh());
        Assert.NotSame(first, host.Current);
    }

    [Fact]
    public void AMissingFileServesNothingAndSaysSo()
    {
        var host = Host(fixture.File("missing.dtnmodel"));

        Assert.False(host.Refresh());

        Assert.Null(host.Current);
        Assert.False(host.Status.Serving);
        Assert.Contains("no such file", host.Status.LastError);
    }

    [Fact]
    public void WithAModelItsConfidentVerdictsFlagOrClearWindowsNameTheirBehaviourAndGoIntoTheEvidence()
    {
        var host = Host(Copy("twins.dtnmodel"));
        host.Refresh();
        var options = new DetectionOptions();
        var peers = new PeerBaselines(Options.Create(options));
        var confident = 0;
        var vetoed = 0;
        var highest = 0.0;
        var verdicts = new Dictionary<(int Device, DateTimeOffset Start), string>();
        var lastFlagged = new Dictionary<int, DateTimeOffset>();
        foreach (var (i, device, start, earlier, outcome) in Replay(host, options, peers))
        {
            var model = outcome.Score.Model!;
            highest = model.Class != GroundTruth.NormalClass ? Math.Max(highest, model.Probability) : highest;
            if (model.Class != GroundTruth.NormalClass && model.Probability >= 0.5)
            {
                Assert.Equal(model.Class, outcome.Score.Behaviour);
            }

            // The model judges a host once it has an hour of history (TwinDetector.ModelHistory); before, it only names.
            var judged = earlier * fixture.Data.WindowSeconds >= TwinDetector.ModelHistory.TotalSeconds;
            if (judged && model.Class != GroundTruth.NormalClass && model.Probability >= options.ModelConfidence)
            {
                Assert.True(outcome.Score.Flagged);
                confident++;
            }

            if (judged && model.Class == GroundTruth.NormalClass && model.Probability >= options.ModelConfidence)
            {
                Assert.False(outcome.Score.Flagged);
                vetoed++;
            }

            // A new alert is raised by a window the model is sure of, by a second flagged window within the span,
            // when it starts at the first (its evidence carries that window's verdict), or by a lasting deviation;
            // never by a lone unsure one.
            verdicts[(device, start)] = model.Class;
            var flaggedBefore = lastFlagged.TryGetValue(device, out var flagged) && (start - flagged).TotalSeconds < options.ConfirmSpan * fixture.Data.WindowSeconds;
            foreach (var change in outcome.Changes.Where(c => c.Change == AlertChange.Raised))
            {
                var sure = judged
                    ? model.Class != GroundTruth.NormalClass && model.Probability >= options.ModelConfidence
                    : outcome.Score.Score >= options.CriticalScore;
                Assert.True(sure || flaggedBefore || outcome.Score.Persistence >= options.PersistenceLimit, $"window {i}: raised on {model.Class} {model.Probability:F3} with no flagged window before it");
                Assert.Equal(verdicts[(device, change.Alert.FirstSeen)], change.Alert.Evidence[0].ModelClass);
            }

            if (outcome.Score.Flagged)
            {
                lastFlagged[device] = start;
            }
        }

        Assert.True(confident > 0, $"the model's highest probability of an anomaly class: {highest:F3}");
        Assert.True(vetoed > 0);
    }

    [Fact]
    public void ForADeviceTypeItWasNotTrainedOnTheModelNamesTheBehaviourButNeitherFlagsNorRaises()
    {
        var host = Host(Copy("untrained-type.dtnmodel"));
        host.Refresh();
        // Never warm, no peers: the baselines score nothing, so only the model could flag these windows.
        var options = new DetectionOptions { WarmUp = TimeSpan.FromDays(30) };
        var named = 0;
        foreach (var (_, _, _, _, outcome) in Replay(host, options, peers: null, deviceType: "network_host"))
        {
            var model = outcome.Score.Model!;
            Assert.False(outcome.Score.Flagged);
            Assert.Empty(outcome.Changes);
            if (model.Class != GroundTruth.NormalClass && model.Probability >= options.ModelConfidence)
            {
                Assert.Equal(model.Class, outcome.Score.Behaviour);
                named++;
            }
        }

        Assert.True(named > 0, "the model was confident of no anomaly on the untrained type: the test saw nothing to refuse");
    }

    [Fact]
    public void InAHostsFirstHourTheModelNamesButNeitherFlagsNorRaises()
    {
        var host = Host(Copy("first-hour.dtnmodel"));
        host.Refresh();
        // Never warm, no peers: the baselines score nothing, so only the model could flag these windows.
        var options = new DetectionOptions { WarmUp = TimeSpan.FromDays(30) };
        var (quietYoung, flaggedOld) = (0, 0);
        foreach (var (_, _, _, earlier, outcome) in Replay(host, options, peers: null))
        {
            var young = earlier * fixture.Data.WindowSeconds < TwinDetector.ModelHistory.TotalSeconds;
            var sure = outcome.Score.Model!.Class != GroundTruth.NormalClass && outcome.Score.Model.Probability >= options.ModelConfidence;
            if (young)
            {
                Assert.False(outcome.Score.Flagged);
                Assert.Empty(outcome.Changes);
                quietYoung += sure ? 1 : 0;
            }
            else
            {
                Assert.Equal(sure, outcome.Score.Flagged);
                flaggedOld += sure ? 1 : 0;
            }
        }

        Assert.True(quietYoung > 0, "the model was sure of no anomaly in a host's first hour: the test saw nothing to hold back");
        Assert.True(flaggedOld > 0);
    }

    /// <summary>
    /// The fixture's windows through one <see cref="TwinDetector"/> per device, scored with <paramref name="host"/>'s
    /// model; each with its row, its device, its start, how many of its device's windows came before it, and the outcome.
    /// The device's own type unless <paramref name="deviceType"/> is given.
    /// </summary>
    private IEnumerable<(int Index, int Device, DateTimeOffset Start, int Earlier, DetectionOutcome Outcome)> Replay(
        DetectionModelHost host, DetectionOptions options, PeerBaselines? peers, string? deviceType = null)
    {
        var data = fixture.Data;
        var scorer = new WindowScorer(new ScoringOptions { FlagScore = options.FlagScore });
        var detectors = new Dictionary<int, (TwinDetector Detector, int Windows)>();
        var values = new double[FeatureCatalog.Count];
        for (var i = 0; i < data.Count; i++)
        {
            var device = data.DeviceOf[i];
            var (detector, earlier) = detectors.TryGetValue(device, out var known)
                ? known
                : (new TwinDetector(new DetectionState(), options, peers, scorer, host), 0);
            detectors[device] = (detector, earlier + 1);
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = data.Features[f][i];
            }

            var start = DateTimeOffset.FromUnixTimeSeconds(data.StartSeconds[i]);
            var type = deviceType ?? data.DeviceTypes[data.TypeOf[i]];
            yield return (i, device, start, earlier, detector.Observe(data.Devices[device], type, values, FeatureCatalog.SchemaVersion, start, data.WindowSeconds, start));
        }
    }

    private DetectionModelHost Host(string path) =>
        new(Options.Create(new DetectionOptions { ModelPath = path }), TimeProvider.System, NullLogger<DetectionModelHost>.Instance);

    private string Copy(string name)
    {
        var path = fixture.File(name);
        File.Copy(fixture.ModelPath, path, overwrite: true);
        return path;
    }
}
