namespace DigitalTwin.Detection.Baselines;

/// <summary>How surprising one feature's value is (-log10 of its tail probability, plus distance past anything seen) and on which side.</summary>
public readonly record struct FeatureSurprise(double Value, bool Above);
