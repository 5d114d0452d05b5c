using System.Collections;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// The supervised model's one-versus-all classifier taken out of ML.NET into plain arrays, so one window costs what
/// its trees need and nothing else (ML.NET's prediction engine adds a row cursor, per-column getters and a
/// <c>Parallel.For</c> over the classes to every window). It computes what ML.NET computes, in the same arithmetic:
/// per class the sum of its trees' leaves in double (a value at most its node's threshold goes left), cast to float,
/// through the class's Platt calibrator <c>1 / (1 + exp(slope · score + offset))</c>; then the probabilities clamped
/// at 0 and divided by their sum, as the one-versus-all model's probability normalisation does. Immutable, so any
/// number of threads may use it at once.
/// <para>
/// The trees are not walked but evaluated the QuickScorer way (Lucchese et al., SIGIR 2015): each tree's leaves are
/// numbered left to right, every split becomes a mask of the leaves it rules out when the window goes right (its left
/// subtree's), and the splits are sorted per feature by threshold. A window's value of a feature goes right at
/// exactly the splits below it, a prefix of that feature's list: their masks are ANDed into their trees' words, and
/// each tree's exit leaf is the leftmost bit left. A walk down 1,100 trees waits on a load and a branch the CPU cannot
/// predict at every level; this reads each feature's list in order and does one AND per split passed.
/// </para>
/// </summary>
internal sealed class CompiledClassifier
{
    /// <summary>Leaves a tree may have: its leaves are the bits of one word.</summary>
    public const int MaximumLeaves = 64;

    // The splits, grouped by feature (_featureStart[f] to _featureStart[f + 1]), each group in ascending threshold order.
    private readonly float[] _thresholds;
    private readonly int[] _treeOf;
    private readonly ulong[] _masks;
    private readonly int[] _featureStart;

    // Per tree its leaves' values left to right, from _leafStart[tree]; per class its trees, from _firstTreeOfClass[class].
    private readonly double[] _leaves;
    private readonly int[] _leafStart;
    private readonly int[] _firstTreeOfClass;
    private readonly double[] _slopes;
    private readonly double[] _offsets;

    private CompiledClassifier(
        float[] thresholds, int[] treeOf, ulong[] masks, int[] featureStart, double[] leaves, int[] leafStart, int[] firstTreeOfClass, double[] slopes, double[] offsets)
    {
        _thresholds = thresholds;
        _treeOf = treeOf;
        _masks = masks;
        _featureStart = featureStart;
        _leaves = leaves;
        _leafStart = leafStart;
        _firstTreeOfClass = firstTreeOfClass;
        _slopes = slopes;
        _offsets = offsets;
    }

    public int Classes => _slopes.Length;

    /// <summary>How many values a window holds for the classifier: the normalised features, then their magnitudes.</summary>
    public int InputWidth => _featureStart.Length - 1;

    private int Trees => _leafStart.Length;

    /// <summary>
    /// Takes the trees and calibrators out of a trained one-versus-all model of calibrated FastTree binary
    /// classifiers; null, with the reason in <paramref name="problem"/>, for any other structure or a tree of more than
    /// <see cref="MaximumLeaves"/> leaves (the caller then keeps ML.NET's own prediction).
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

        var splits = new List<Split>();
        var leaves = new List<double>();
        var leafStart = new List<int>();
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

            firstTreeOfClass.Add(leafStart.Count);
            foreach (var tree in trees.TrainedTreeEnsemble.Trees)
            {
                if (!TryAdd(tree, inputWidth, splits, leaves, leafStart, out problem))
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

        firstTreeOfClass.Add(leafStart.Count);
        // By feature, then threshold; the order among equal thresholds does not matter (ANDs commute).
        splits.Sort((a, b) => a.Feature != b.Feature ? a.Feature.CompareTo(b.Feature) : a.Threshold.CompareTo(b.Threshold));
        var featureStart = new int[inputWidth + 1];
        foreach (var split in splits)
        {
            featureStart[split.Feature + 1]++;
        }

        for (var f = 0; f < inputWidth; f++)
        {
            featureStart[f + 1] += featureStart[f];
        }

        problem = null;
        return new CompiledClassifier(
            splits.Select(s => s.Threshold).ToArray(),
            splits.Select(s => s.Tree).ToArray(),
            splits.Select(s => s.Mask).ToArray(),
            featureStart,
            [.. leaves],
            [.. leafStart],
            [.. firstTreeOfClass],
            [.. slopes],
            [.. offsets]);
    }

    /// <summary>
    /// Writes each class's probability, normalised to sum to 1, for one window (<see cref="InputWidth"/> values) into
    /// <paramref name="probabilities"/>.
    /// </summary>
    public void Probabilities(ReadOnlySpan<float> input, Span<float> probabilities)
    {
        if (input.Length != InputWidth || probabilities.Length != Classes)
        {
            throw new ArgumentException($"the classifier reads {InputWidth} values and gives {Classes} probabilities, not {input.Length} and {probabilities.Length}");
        }

        // Every leaf is possible until a split rules it out. Indexes were checked when compiled (every tree below
        // Trees, every exit leaf inside its tree's leaves: a tree's rightmost leaf is ruled out by no split), so the
        // loops read without bounds checks: they are nearly all of the model's cost.
        Span<ulong> exits = Trees <= 2_048 ? stackalloc ulong[Trees] : new ulong[Trees];
        exits.Fill(ulong.MaxValue);
        ref var exit0 = ref MemoryMarshal.GetReference(exits);
        ref var threshold0 = ref MemoryMarshal.GetArrayDataReference(_thresholds);
        ref var tree0 = ref MemoryMarshal.GetArrayDataReference(_treeOf);
        ref var mask0 = ref MemoryMarshal.GetArrayDataReference(_masks);
        for (var f = 0; f < input.Length; f++)
        {
            var value = input[f];
            var end = _featureStart[f + 1];
            // A value at most the threshold goes left (NaN never does, as in the walk): from there on, every split of
            // the feature sends the window left.
            for (var i = _featureStart[f]; i < end && !(value <= Unsafe.Add(ref threshold0, i)); i++)
            {
                Unsafe.Add(ref exit0, Unsafe.Add(ref tree0, i)) &= Unsafe.Add(ref mask0, i);
            }
        }

        ref var leaf0 = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref var leafStart0 = ref MemoryMarshal.GetArrayDataReference(_leafStart);
        for (var c = 0; c < Classes; c++)
        {
            double sum = 0;
            for (var t = _firstTreeOfClass[c]; t < _firstTreeOfClass[c + 1]; t++)
            {
                sum += Unsafe.Add(ref leaf0, Unsafe.Add(ref leafStart0, t) + BitOperations.TrailingZeroCount(Unsafe.Add(ref exit0, t)));
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

    /// <summary>
    /// Adds a tree's splits and its leaves, numbered left to right. ML.NET scores a tree whose root has no children (a
    /// tree of one leaf) as 0, whatever its leaf value: it adds nothing.
    /// </summary>
    private static bool TryAdd(RegressionTree tree, int inputWidth, List<Split> splits, List<double> leaves, List<int> leafStart, out string? problem)
    {
        problem = null;
        if (tree.NumberOfLeaves <= 1 || tree.LeftChild.Count == 0 || tree.LeftChild[0] == 0)
        {
            return true;
        }

        if (tree.NumberOfLeaves > MaximumLeaves)
        {
            problem = $"a tree has {tree.NumberOfLeaves} leaves, more than the {MaximumLeaves} compiled prediction takes";
            return false;
        }

        var treeIndex = leafStart.Count;
        var ordered = new List<double>(tree.NumberOfLeaves);
        var visited = 0;
        if (!Number(tree, 0, inputWidth, treeIndex, splits, ordered, ref visited, out problem))
        {
            return false;
        }

        if (ordered.Count != tree.NumberOfLeaves || visited != tree.NumberOfNodes)
        {
            problem = $"a tree of {tree.NumberOfNodes} nodes and {tree.NumberOfLeaves} leaves reaches {visited} nodes and {ordered.Count} leaves from its root";
            return false;
        }

        leafStart.Add(leaves.Count);
        leaves.AddRange(ordered);
        return true;
    }

    /// <summary>
    /// Numbers the leaves under <paramref name="node"/> left to right, after those numbered before, and adds its
    /// splits: a split's mask rules out its left subtree's leaves.
    /// </summary>
    private static bool Number(RegressionTree tree, int node, int inputWidth, int treeIndex, List<Split> splits, List<double> ordered, ref int visited, out string? problem)
    {
        problem = null;
        if (++visited > tree.NumberOfNodes || tree.CategoricalSplitFlags[node])
        {
            problem = visited > tree.NumberOfNodes ? "a tree's nodes do not form a tree" : "a tree splits on a categorical feature";
            return false;
        }

        var feature = tree.NumericalSplitFeatureIndexes[node];
        var threshold = tree.NumericalSplitThresholds[node];
        if (feature < 0 || feature >= inputWidth || float.IsNaN(threshold))
        {
            problem = $"a tree's node {node} reads feature {feature} of {inputWidth} at threshold {threshold}";
            return false;
        }

        var first = ordered.Count;
        if (!Child(tree, tree.LeftChild[node], inputWidth, treeIndex, splits, ordered, ref visited, out problem))
        {
            return false;
        }

        var leftLeaves = ordered.Count - first;
        splits.Add(new Split(feature, threshold, treeIndex, ~(((1UL << leftLeaves) - 1) << first)));
        return Child(tree, tree.RightChild[node], inputWidth, treeIndex, splits, ordered, ref visited, out problem);
    }

    private static bool Child(RegressionTree tree, int child, int inputWidth, int treeIndex, List<Split> splits, List<double> ordered, ref int visited, out string? problem)
    {
        // ML.NET marks a leaf as the complement of its index (~leaf), a node by its index.
        if (child < 0)
        {
            problem = ~child < tree.NumberOfLeaves ? null : $"a tree points to leaf {~child} of {tree.NumberOfLeaves}";
            ordered.Add(problem is null ? tree.LeafValues[~child] : 0);
            return problem is null;
        }

        if (child >= tree.NumberOfNodes)
        {
            problem = $"a tree points to node {child} of {tree.NumberOfNodes}";
            return false;
        }

        return Number(tree, child, inputWidth, treeIndex, splits, ordered, ref visited, out problem);
    }

    /// <summary>One split: a window whose <see cref="Feature"/> is above <see cref="Threshold"/> (or NaN) goes right, ruling out the leaves <see cref="Mask"/> clears.</summary>
    private readonly record struct Split(int Feature, float Threshold, int Tree, ulong Mask);
}
