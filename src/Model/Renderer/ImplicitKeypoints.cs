namespace KDTalker.Model.Renderer;

/// <summary>
/// LivePortrait's K implicit 3-D keypoints (K = 21 in the released model) in one face's frame: x_s of the source,
/// x_d of a driving frame. Stored keypoint-major (element 3k + axis), as upstream's (1, K, 3) tensor; a copy is
/// taken on construction, so a value never changes under its holder. A distinct type so that source and driving
/// keypoints cannot be swapped with some other K·3 array (expression deltas, canonical keypoints) unnoticed.
/// </summary>
public readonly struct ImplicitKeypoints
{
    private readonly float[]? _values;

    /// <summary>Wraps K·3 values, keypoint-major.</summary>
    public ImplicitKeypoints(ReadOnlySpan<float> values)
    {
        if (values.Length == 0 || values.Length % 3 != 0)
            throw new ArgumentException($"Implicit keypoints need K·3 values (x, y, z per keypoint); got {values.Length}.", nameof(values));
        _values = values.ToArray();
    }

    /// <summary>K, the number of keypoints.</summary>
    public int Count => Values.Length / 3;

    /// <summary>Keypoint <paramref name="k"/> as (x, y, z).</summary>
    public ReadOnlySpan<float> this[int k] => Values.Slice(3 * k, 3);

    /// <summary>All K·3 values, keypoint-major.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>A copy of the K·3 values, keypoint-major.</summary>
    public float[] ToArray() => Values.ToArray();
}
