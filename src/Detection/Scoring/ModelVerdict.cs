namespace DigitalTwin.Detection.Scoring;

/// <summary>What a trained model said about a window beside its baseline: the class it found most likely, with what probability, and its unsupervised anomaly score.</summary>
public sealed record ModelVerdict(string Class, double Probability, double AnomalyScore);
