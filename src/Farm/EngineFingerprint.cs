using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using KDTalker.Farm.Contracts;
using KDTalker.Model.Pipeline;

namespace KDTalker.Farm;

/// <summary>Computes a process's <see cref="EngineIdentity"/> from the weights it loads.</summary>
public static class EngineFingerprint
{
    /// <summary>The engine build: KDTalker.Model's informational version (version + source commit).</summary>
    public static string EngineVersion =>
        typeof(Talker).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// The identity of this build with <paramref name="weights"/> (a bundle file, a folder, or
    /// <see cref="TalkerModels.TestWeightsName"/>): SHA-256 over every weight file's path (relative to the folder; a bundle's file name) and bytes,
    /// in path order.
    /// </summary>
    public static EngineIdentity Compute(string weights, string description)
    {
        ArgumentNullException.ThrowIfNull(weights);
        string root = weights == TalkerModels.TestWeightsName ? TalkerModels.TestWeightsDirectory : Path.GetFullPath(weights);
        bool single = File.Exists(root);
        var files = single ? [root] : Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (string file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes((single ? Path.GetFileName(file) : Path.GetRelativePath(root, file)).Replace('\\', '/') + "\n"));
            using var stream = File.OpenRead(file);
            for (int read; (read = stream.Read(buffer)) > 0;)
                hash.AppendData(buffer, 0, read);
        }
        return new EngineIdentity(EngineVersion, Convert.ToHexStringLower(hash.GetHashAndReset()), description);
    }
}
