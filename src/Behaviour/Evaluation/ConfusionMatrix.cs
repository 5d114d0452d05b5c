namespace DigitalTwin.Behaviour.Evaluation;

/// <summary>
/// Counts of actual × predicted class over a multiclass evaluation, from which each class's one-versus-rest counts
/// and F1 follow. A row may count with a weight, e.g. 1 / rate for a row of a subsampled class.
/// </summary>
public sealed class ConfusionMatrix(int classes)
{
    private readonly double[,] _counts = new double[classes, classes];

    public int Classes => classes;

    public double this[int actual, int predicted] => _counts[actual, predicted];

    public void Add(int actual, int predicted, double weight = 1) => _counts[actual, predicted] += weight;

    /// <summary>Rows whose actual class is <paramref name="actual"/>.</summary>
    public double Support(int actual)
    {
        double total = 0;
        for (var p = 0; p < classes; p++)
        {
            total += _counts[actual, p];
        }

        return total;
    }

    /// <summary>Class <paramref name="c"/> against all others: predicted and actual c, predicted c wrongly, c predicted as another.</summary>
    public BinaryCounts CountsOf(int c)
    {
        double truePositives = _counts[c, c], falsePositives = 0, falseNegatives = 0;
        for (var other = 0; other < classes; other++)
        {
            if (other != c)
            {
                falsePositives += _counts[other, c];
                falseNegatives += _counts[c, other];
            }
        }

        return new BinaryCounts(truePositives, falsePositives, falseNegatives);
    }
}
