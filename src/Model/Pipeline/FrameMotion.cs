using KDTalker.Model.Motion;

namespace KDTalker.Model.Pipeline;

/// <summary>One video frame's motion: the smoothed generated motion and what was composed from it for the renderer.</summary>
public sealed record FrameMotion(int Index, MotionFrame Generated, DrivingMotion Driving);
