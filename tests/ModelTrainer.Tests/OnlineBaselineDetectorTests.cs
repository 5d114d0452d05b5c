using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Grains.Detection;
using DigitalTwin.ModelTrainer.Evaluation;

namespace DigitalTwin.ModelTrainer.Tests;

[Collection(TrainedModelCollection.Name)]
public sealed class OnlineBaselineDetectorTests(TrainedModelFixture fixture)
{
    [Fact]
    public async Task TheTwinsDetectionJudgesEveryEvaluatedRowInOrderAndFlagsAttacksMoreThanNormalWindows()
    {
        var data = await LabelledWindows.ReadAsync(fixture.DatasetPath, CancellationToken.None);
        var rows = Enumerable.Range(0, data.Count).ToArray();

        var verdicts = new OnlineBaselineDetector(new DetectionOptions()).Detect(data, rows);

        Assert.Equal(rows.Length, verdicts.Count);
        var normal = rows.Where(i => data.ClassOf[i] == LabelledWindows.Normal).ToArray();
        var attacks = rows.Where(i => data.ClassOf[i] != LabelledWindows.Normal && data.Present[i]).ToArray();
        double FlaggedShare(int[] part) => part.Count(i => verdicts[i].Flagged) / (double)Math.Max(part.Length, 1);
        Assert.True(FlaggedShare(attacks) > 10 * FlaggedShare(normal), $"attacks {FlaggedShare(attacks):P2}, normal {FlaggedShare(normal):P2}");
        Assert.All(verdicts.Where(v => !v.Flagged), v => Assert.Equal(GroundTruth.NormalClass, v.Class));
        Assert.Contains(verdicts, v => v.Flagged && v.Class != GroundTruth.NormalClass);
    }
}
