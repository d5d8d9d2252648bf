namespace KDTalker.Farm.Contracts;

/// <summary>
/// Frames [<see cref="Start"/>, Start + Keypoints.Length / ValuesPerFrame) of job <see cref="JobId"/>: the 256×256
/// source crop (RGB bytes) and the driving keypoints of each frame, exactly as the coordinator computed them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RenderRequest(
    [property: Id(0)] string JobId,
    [property: Id(1)] int CropWidth,
    [property: Id(2)] int CropHeight,
    [property: Id(3)] byte[] CropPixels,
    [property: Id(4)] int Start,
    [property: Id(5)] int ValuesPerFrame,
    [property: Id(6)] float[] Keypoints);
