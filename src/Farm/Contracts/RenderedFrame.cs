namespace KDTalker.Farm.Contracts;

/// <summary>One rendered face, lossless (interleaved 8-bit RGB), and the worker's compute time for it.</summary>
[GenerateSerializer, Immutable]
public sealed record RenderedFrame(
    [property: Id(0)] int Index,
    [property: Id(1)] int Width,
    [property: Id(2)] int Height,
    [property: Id(3)] byte[] Pixels,
    [property: Id(4)] TimeSpan RenderTime);
