using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// The supervised model's one-versus-all classifier taken out of ML.NET into plain arrays, so one window costs a walk
/// down each tree and nothing else (ML.NET's prediction engine adds a row cursor, per-column getters and a
/// <c>Parallel.For</c> over the classes to every window). It computes what ML.NET computes, in the same arithmetic:
/// per class the sum of its trees' leaves in double (a value at most its node's threshold goes left), cast to float,
/// through the class's Platt calibrator <c>1 / (1 + exp(slope · score + offset))</c>; then the probabilities clamped
/// at 0 and divided by their sum, as the one-versus-all model's probability normalisation does. Immutable, so any
/// number of threads may use it at once.
/// </summary>
internal sealed class CompiledClassifier
{
    private readonly TreeNode[] _nodes;
    private readonly double[] _leaves;
    private readonly int[] _roots;
    private readonly int[] _firstTreeOfClass;
    private readonly double[] _slopes;
    private readonly double[] _offsets;

    private CompiledClassifier(TreeNode[] nodes, double[] leaves, int[] roots, int[] firstTreeOfClass, double[] slopes, double[] offsets, int inputWidth)
    {
        _nodes = nodes;
        _leaves = leaves;
        _roots = roots;
        _firstTreeOfClass = firstTreeOfClass;
        _slopes = slopes;
        _offsets = offsets;
        InputWidth = inputWidth;
    }

    public int Classes => _slopes.Length;

    /// <summary>How many values a window holds for the classifier: the normalised features, then their magnitudes.</summary>
    public int InputWidth { get; }

    /// <summary>
    /// Takes the trees and calibrators out of a trained one-versus-all model of calibrated FastTree binary
    /// classifiers; null, with the reason in <paramref name="problem"/>, for any other structure (the caller then
    /// keeps ML.NET's own prediction).
    /// </summary>
    public static CompiledClassifier? From(OneVersusAllModelParameters model, int inputWidth, out string? problem)
    {
        // ML.NET has no public accessor for a one-versus-all model's binary models; this internal property is how its
        // own ONNX and PFA exporters read them. If a release renames it, prediction falls back to the engine.
        var property = typeof(OneVersusAllModelParameters).GetProperty("SubModelParameters", BindingFlags.Instance | BindingFlags.NonPublic);
        if (property?.GetValue(model) is not IEnumerable subModels)
        {
            problem = "this ML.NET version does not expose the one-versus-all model's binary classifiers";
            return null;
        }

        var nodes = new List<TreeNode>();
        var leaves = new List<double>();
        var roots = new List<int>();
        var firstTreeOfClass = new List<int>();
        var slopes = new List<double>();
        var offsets = new List<double>();
        foreach (var subModel in subModels)
        {
            if (subModel is not CalibratedModelParametersBase { SubModel: TreeEnsembleModelParametersBasedOnRegressionTree trees, Calibrator: PlattCalibrator platt })
            {
                problem = $"class {slopes.Count}'s binary classifier is a {subModel?.GetType().Name}, not a FastTree ensemble with a Platt calibrator";
                return null;
            }

            firstTreeOfClass.Add(roots.Count);
            foreach (var tree in trees.TrainedTreeEnsemble.Trees)
            {
                if (!TryAdd(tree, inputWidth, nodes, leaves, roots, out problem))
                {
                    problem = $"class {slopes.Count}: {problem}";
                    return null;
                }
            }

            slopes.Add(platt.Slope);
            offsets.Add(platt.Offset);
        }

        if (slopes.Count < 2)
        {
            problem = $"the one-versus-all model holds {slopes.Count} binary classifiers";
            return null;
        }

        firstTreeOfClass.Add(roots.Count);
        problem = null;
        return new CompiledClassifier([.. nodes], [.. leaves], [.. roots], [.. firstTreeOfClass], [.. slopes], [.. offsets], inputWidth);
    }

    /// <summary>
    /// Writes each class's probability, normalised to sum to 1, for one window (<see cref="InputWidth"/> values, never
    /// NaN: the normalisation reads an unmeasured feature as 0) into <paramref name="probabilities"/>.
    /// </summary>
    public void Probabilities(ReadOnlySpan<float> input, Span<float> probabilities)
    {
        if (input.Length != InputWidth || probabilities.Length != Classes)
        {
            throw new ArgumentException($"the classifier reads {InputWidth} values and gives {Classes} probabilities, not {input.Length} and {probabilities.Length}");
        }

        // Indexes were checked when compiled (every split feature below InputWidth, every child inside the arrays), so
        // the walk reads without bounds checks: it is nearly all of the model's cost.
        ref var node0 = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var leaf0 = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref var value0 = ref MemoryMarshal.GetReference(input);
        for (var c = 0; c < Classes; c++)
        {
            double sum = 0;
            for (var t = _firstTreeOfClass[c]; t < _firstTreeOfClass[c + 1]; t++)
            {
                var at = _roots[t];
                while (at >= 0)
                {
                    ref var node = ref Unsafe.Add(ref node0, at);
                    at = Unsafe.Add(ref value0, node.Feature) <= node.Threshold ? node.Left : node.Right;
                }

                sum += Unsafe.Add(ref leaf0, ~at);
            }

            var score = (float)sum;
            probabilities[c] = float.IsNaN(score) ? score : (float)(1 / (1 + Math.Exp(_slopes[c] * score + _offsets[c])));
        }

        // The one-versus-all model's normalisation, step for step: NaN left as it is, negatives to 0, the rest divided by
        // their sum in double and stored as float.
        double total = 0;
        for (var c = 0; c < probabilities.Length; c++)
        {
            if (probabilities[c] >= 0)
            {
                total += probabilities[c];
            }
            else if (!float.IsNaN(probabilities[c]))
            {
                probabilities[c] = 0;
            }
        }

        for (var c = 0; c < probabilities.Length && total > 0; c++)
        {
            probabilities[c] = (float)(probabilities[c] / total);
        }
    }

    private static bool TryAdd(RegressionTree tree, int inputWidth, List<TreeNode> nodes, List<double> leaves, List<int> roots, out string? problem)
    {
        problem = null;
        var nodeBase = nodes.Count;
        var leafBase = leaves.Count;
        // ML.NET scores a tree whose root has no children (a tree of one leaf) as 0, whatever its leaf value.
        if (tree.NumberOfLeaves <= 1 || tree.LeftChild.Count == 0 || tree.LeftChild[0] == 0)
        {
            return true;
        }

        for (var n = 0; n < tree.NumberOfNodes; n++)
        {
            if (tree.CategoricalSplitFlags[n])
            {
                problem = "a tree splits on a categorical feature";
                return false;
            }

            var feature = tree.NumericalSplitFeatureIndexes[n];
            if (feature < 0 || feature >= inputWidth || !Within(tree.LeftChild[n], tree) || !Within(tree.RightChild[n], tree))
            {
                problem = $"a tree's node {n} reads feature {feature} of {inputWidth} or points outside the tree";
                return false;
            }

            nodes.Add(new TreeNode(feature, tree.NumericalSplitThresholds[n], Global(tree.LeftChild[n], nodeBase, leafBase), Global(tree.RightChild[n], nodeBase, leafBase)));
        }

        leaves.AddRange(tree.LeafValues);
        roots.Add(nodeBase);
        return true;
    }

    private static bool Within(int child, RegressionTree tree) =>
        child >= 0 ? child < tree.NumberOfNodes : ~child < tree.NumberOfLeaves;

    /// <summary>A child as an index into the flat arrays: a node's own index, or a leaf's complement (~leaf), as ML.NET marks them.</summary>
    private static int Global(int child, int nodeBase, int leafBase) => child >= 0 ? nodeBase + child : ~(leafBase + ~child);

    /// <summary>One split: a window whose <see cref="Feature"/> is at most <see cref="Threshold"/> goes <see cref="Left"/>.</summary>
    private readonly record struct TreeNode(int Feature, float Threshold, int Left, int Right);
}
