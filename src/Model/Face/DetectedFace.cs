namespace KDTalker.Model.Face;

/// <summary>A face found in a photo: its box (pixels, unclipped), the detector's score and the 68 landmarks (pixels, iBUG order).</summary>
public sealed record DetectedFace(FaceRegion Box, double Score, IReadOnlyList<Point2> Landmarks);
