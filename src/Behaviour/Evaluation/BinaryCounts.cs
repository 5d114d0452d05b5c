namespace DigitalTwin.Behaviour.Evaluation;

/// <summary>
/// True positives, false positives and false negatives of one class. Counts are doubles so that a subsampled class
/// can be counted with a weight (each kept row standing for 1 / rate rows).
/// </summary>
public readonly record struct BinaryCounts(double TruePositives, double FalsePositives, double FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives > 0 ? TruePositives / (TruePositives + FalsePositives) : 0;

    public double Recall => TruePositives + FalseNegatives > 0 ? TruePositives / (TruePositives + FalseNegatives) : 0;

    /// <summary>2·TP / (2·TP + FP + FN); NaN when the class is neither present nor predicted, where F1 says nothing.</summary>
    public double F1
    {
        get
        {
            var denominator = 2 * TruePositives + FalsePositives + FalseNegatives;
            return denominator > 0 ? 2 * TruePositives / denominator : double.NaN;
        }
    }
}
