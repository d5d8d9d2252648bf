using KDTalker.Farm.Contracts;
using KDTalker.Model.Pipeline;

namespace KDTalker.Farm;

/// <summary>Computes a process's <see cref="EngineIdentity"/> from the weights it loads.</summary>
public static class EngineFingerprint
{
    /// <summary>The identity of this build with <paramref name="weights"/> (see <see cref="WeightsDigest.Compute"/>).</summary>
    public static EngineIdentity Compute(string weights, string description) =>
        new(WeightsDigest.EngineVersion, WeightsDigest.Compute(weights), description);
}
