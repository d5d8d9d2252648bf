namespace KDTalker.Model.Face;

/// <summary>An axis-aligned rectangle of a photo in pixels: [Left, Left + Width) × [Top, Top + Height).</summary>
public readonly record struct FaceRegion(double Left, double Top, double Width, double Height);
