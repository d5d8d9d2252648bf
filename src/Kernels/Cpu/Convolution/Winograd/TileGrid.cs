namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// The 4×4 output tiles of one H×W plane, numbered row by row (t = ty·TilesWide + tx). Tile t reads the 6×6 patch at
/// (4·ty, 4·tx) of the zero-padded plane (padding 1 before, enough after for whole tiles) and writes output rows
/// 4·ty.. and columns 4·tx.., cropped at the edge.
/// </summary>
internal readonly record struct TileGrid(int Height, int Width)
{
    public int TilesHigh => (Height + WinogradF43.Tile - 1) / WinogradF43.Tile;

    public int TilesWide => (Width + WinogradF43.Tile - 1) / WinogradF43.Tile;

    public int Count => TilesHigh * TilesWide;

    public int PaddedHeight => WinogradF43.Tile * TilesHigh + 2;

    public int PaddedWidth => WinogradF43.Tile * TilesWide + 2;

    public int PaddedPlane => PaddedHeight * PaddedWidth;

    /// <summary>True when tiles [first, first + count) lie in one tile row.</summary>
    public bool InOneRow(int first, int count) => first % TilesWide + count <= TilesWide;

    /// <summary>True when tile t's 4×4 outputs all lie inside the plane.</summary>
    public bool IsWhole(int tile) => 4 * (tile / TilesWide) + 4 <= Height && 4 * (tile % TilesWide) + 4 <= Width;

    /// <summary>Offset of tile t's patch corner in the padded plane.</summary>
    public int PatchOffset(int tile) => WinogradF43.Tile * (tile / TilesWide * PaddedWidth + tile % TilesWide);
}
