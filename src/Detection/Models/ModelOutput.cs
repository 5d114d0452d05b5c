namespace DigitalTwin.Detection.Models;

/// <summary>
/// Both models' outputs for one window: the normalised features passed through, the supervised per-class
/// probabilities, and the PCA's score: its reconstruction error divided by the window's distance from the PCA's
/// centre (ML.NET's <c>PcaModelParameters</c> normalises it so), a share from 0 to 1.
/// </summary>
internal sealed class ModelOutput
{
    public float[] Features { get; set; } = [];

    public float[] Probabilities { get; set; } = [];

    public float Score { get; set; }
}
