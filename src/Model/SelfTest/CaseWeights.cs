using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>
/// The .pth weights a golden case names, opened next to the case and checked for structure only (the
/// cases use small configurations); closes every file it opened when disposed.
/// </summary>
internal sealed class CaseWeights(GoldenCase golden, IBackend backend) : IDisposable
{
    private readonly List<WeightSet> _opened = [];

    /// <summary>The scope of one network in one of the case's .pth files.</summary>
    public WeightScope Scope(string file, string network)
    {
        var set = WeightSet.Open(golden.File(file), checkReleaseShapes: false);
        _opened.Add(set);
        return set.Scope(network, backend);
    }

    public void Dispose()
    {
        foreach (var set in _opened)
            set.Dispose();
    }
}
