using System.Numerics.Tensors;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// The unsupervised detector's randomized PCA taken out of ML.NET: its mean and eigenvectors, scored as
/// <c>PcaModelParameters</c> scores, √((‖x − μ‖² − Σᵢ (vᵢ·x − vᵢ·μ)²) / ‖x − μ‖²), with ‖x − μ‖² expanded as
/// ‖x‖² − 2 μ·x + ‖μ‖² and every sum in float through the same <see cref="TensorPrimitives"/> calls ML.NET makes, so
/// the share comes out bit for bit the same (it subtracts two close numbers, where any other order of sums would
/// show). Immutable, so any number of threads may use it at once.
/// </summary>
internal sealed class CompiledPca
{
    private readonly float[] _mean;
    private readonly float _meanNormSquared;
    private readonly float[][] _eigenVectors;
    private readonly float[] _meanProjected;

    private CompiledPca(float[] mean, float[][] eigenVectors)
    {
        _mean = mean;
        _eigenVectors = eigenVectors;
        _meanNormSquared = mean.Length == 0 ? 0 : TensorPrimitives.SumOfSquares<float>(mean);
        _meanProjected = eigenVectors.Select(v => mean.Length == 0 ? 0 : TensorPrimitives.Dot<float>(v, mean)).ToArray();
    }

    public int Dimension => _eigenVectors[0].Length;

    /// <summary>The PCA's vectors; null, with the reason in <paramref name="problem"/>, when they are not what was expected.</summary>
    public static CompiledPca? From(PcaModelParameters model, int dimension, out string? problem)
    {
        VBuffer<float>[] vectors = [];
        model.GetEigenVectors(ref vectors, out var rank);
        var mean = default(VBuffer<float>);
        model.GetMean(ref mean);
        if (rank < 1 || vectors.Take(rank).Any(v => !v.IsDense || v.Length != dimension) || mean.Length != dimension || !(mean.IsDense || mean.GetValues().Length == 0))
        {
            problem = $"the PCA's {rank} eigenvectors or its mean are not dense vectors of {dimension} values";
            return null;
        }

        problem = null;
        // A PCA trained without centring stores no mean: ML.NET's products with it are then 0.
        return new CompiledPca(mean.GetValues().ToArray(), vectors.Take(rank).Select(v => v.GetValues().ToArray()).ToArray());
    }

    /// <summary>ML.NET's score of one window's normalised features: the share of its distance from the mean the components leave unexplained.</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        if (features.Length != Dimension)
        {
            throw new ArgumentException($"the PCA reads {Dimension} values, not {features.Length}");
        }

        var toMean = _mean.Length == 0 ? 0 : TensorPrimitives.Dot(_mean, features);
        var distanceSquared = TensorPrimitives.SumOfSquares(features) - 2 * toMean + _meanNormSquared;
        // ML.NET's guard: the expansion may round below 0.
        if (distanceSquared < 0)
        {
            distanceSquared = 0;
        }

        float explained = 0;
        for (var i = 0; i < _eigenVectors.Length; i++)
        {
            var component = TensorPrimitives.Dot(_eigenVectors[i], features) - _meanProjected[i];
            explained += component * component;
        }

        return (float)Math.Sqrt((distanceSquared - explained) / distanceSquared);
    }
}
