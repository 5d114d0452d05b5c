namespace DigitalTwin.Behaviour.Evaluation;

/// <summary>A single-feature rule (<c>value ≥ threshold</c> or <c>value ≤ threshold</c>) and what it scores.</summary>
public readonly record struct ThresholdRule(double Threshold, ThresholdDirection Direction, BinaryCounts Counts)
{
    public double F1 => Counts.F1;

    public bool Flags(double value) => Direction == ThresholdDirection.AtLeast ? value >= Threshold : value <= Threshold;
}
