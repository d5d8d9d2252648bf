namespace KDTalker.Model.Motion;

/// <summary>Diffusion progress: windows and video frames sampled so far.</summary>
public readonly record struct MotionProgress(int WindowsDone, int Windows, int FramesDone, int Frames);
