namespace KDTalker.Model.Face;

/// <summary>A point in image pixels (x right, y down).</summary>
public readonly record struct Point2(double X, double Y)
{
    /// <summary>Component-wise sum.</summary>
    public static Point2 operator +(Point2 a, Point2 b) => new(a.X + b.X, a.Y + b.Y);

    /// <summary>Component-wise difference.</summary>
    public static Point2 operator -(Point2 a, Point2 b) => new(a.X - b.X, a.Y - b.Y);

    /// <summary>Scaling.</summary>
    public static Point2 operator *(Point2 a, double s) => new(a.X * s, a.Y * s);

    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt(X * X + Y * Y);
}
