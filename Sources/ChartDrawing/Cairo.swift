import AssistantCore

#if canImport(Glibc)
    import Glibc
#endif

/// The few Cairo functions a chart needs, looked up in `libcairo.so.2` the first time a
/// chart is drawn: linked at build time, Cairo and the ~20 libraries it pulls in (X11,
/// fontconfig, freetype, pixman, png) would be loaded and relocated at every start of a
/// process that may never draw a chart.
struct Cairo: @unchecked Sendable {
    /// Cairo cannot be loaded (not installed, or a symbol missing); the reply says so in
    /// the chat's language (`Phrasebook.chartUnavailable`).
    typealias Unavailable = ChartDrawingUnavailable

    typealias WriteFunction = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, UInt32) -> Int32
    typealias ImageSurfaceCreateFunction = @convention(c) (Int32, Int32, Int32) -> OpaquePointer?
    typealias CreateFunction = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias DestroyFunction = @convention(c) (OpaquePointer?) -> Void
    typealias SurfaceDestroyFunction = @convention(c) (OpaquePointer?) -> Void
    typealias SurfaceFlushFunction = @convention(c) (OpaquePointer?) -> Void
    typealias SetSourceRGBAFunction = @convention(c) (OpaquePointer?, Double, Double, Double, Double) -> Void
    typealias PaintFunction = @convention(c) (OpaquePointer?) -> Void
    typealias RectangleFunction = @convention(c) (OpaquePointer?, Double, Double, Double, Double) -> Void
    typealias FillFunction = @convention(c) (OpaquePointer?) -> Void
    typealias StrokeFunction = @convention(c) (OpaquePointer?) -> Void
    typealias MoveToFunction = @convention(c) (OpaquePointer?, Double, Double) -> Void
    typealias LineToFunction = @convention(c) (OpaquePointer?, Double, Double) -> Void
    typealias SetLineWidthFunction = @convention(c) (OpaquePointer?, Double) -> Void
    typealias SelectFontFaceFunction = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, Int32) -> Void
    typealias SetFontSizeFunction = @convention(c) (OpaquePointer?, Double) -> Void
    typealias ShowTextFunction = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Void
    typealias StatusFunction = @convention(c) (OpaquePointer?) -> Int32
    typealias WriteToPNGStreamFunction =
        @convention(c) (OpaquePointer?, WriteFunction?, UnsafeMutableRawPointer?) -> Int32
    typealias ImageSurfaceGetDataFunction = @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<UInt8>?
    typealias ImageSurfaceGetStrideFunction = @convention(c) (OpaquePointer?) -> Int32

    let imageSurfaceCreate: ImageSurfaceCreateFunction
    let create: CreateFunction
    let destroy: DestroyFunction
    let surfaceDestroy: SurfaceDestroyFunction
    let surfaceFlush: SurfaceFlushFunction
    let setSourceRGBA: SetSourceRGBAFunction
    let paint: PaintFunction
    let rectangle: RectangleFunction
    let fill: FillFunction
    let stroke: StrokeFunction
    let moveTo: MoveToFunction
    let lineTo: LineToFunction
    let setLineWidth: SetLineWidthFunction
    let selectFontFace: SelectFontFaceFunction
    let setFontSize: SetFontSizeFunction
    let showText: ShowTextFunction
    let status: StatusFunction
    let writeToPNGStream: WriteToPNGStreamFunction
    let imageSurfaceGetData: ImageSurfaceGetDataFunction
    let imageSurfaceGetStride: ImageSurfaceGetStrideFunction

    /// `CAIRO_FORMAT_ARGB32`: 4 bytes a pixel, native-endian 0xAARRGGBB.
    static let formatARGB32: Int32 = 0

    /// Cairo, loaded once on first use.
    static func load() throws(Unavailable) -> Cairo {
        switch shared {
        case .success(let cairo): return cairo
        case .failure(let error): throw error
        }
    }

    /// Where the system's package manager puts `libcairo.so.2`. Loaded by absolute path:
    /// by name, the loader would search the binary's RUNPATH (`$ORIGIN`) first, so a library
    /// planted beside the binary would run inside the process.
    static let libraryPaths: [String] = {
        #if arch(x86_64)
            let triple = "x86_64-linux-gnu"
        #elseif arch(arm64)
            let triple = "aarch64-linux-gnu"
        #else
            let triple = "unknown"
        #endif
        return ["/usr/lib/\(triple)", "/lib/\(triple)", "/usr/lib64", "/usr/lib", "/usr/local/lib"].map {
            $0 + "/libcairo.so.2"
        }
    }()

    private static let shared: Result<Cairo, Unavailable> = {
        guard let library = libraryPaths.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            return .failure(Unavailable(detail: "libcairo.so.2 not found in the system's library folders"))
        }
        do throws(Unavailable) {
            return .success(try Cairo(library))
        } catch {
            return .failure(error)
        }
    }()

    private init(_ library: UnsafeMutableRawPointer) throws(Unavailable) {
        func symbol<T>(_ name: String, as type: T.Type) throws(Unavailable) -> T {
            guard let address = dlsym(library, name) else { throw Unavailable(detail: "\(name) missing") }
            return unsafeBitCast(address, to: type)
        }
        imageSurfaceCreate = try symbol("cairo_image_surface_create", as: ImageSurfaceCreateFunction.self)
        create = try symbol("cairo_create", as: CreateFunction.self)
        destroy = try symbol("cairo_destroy", as: DestroyFunction.self)
        surfaceDestroy = try symbol("cairo_surface_destroy", as: SurfaceDestroyFunction.self)
        surfaceFlush = try symbol("cairo_surface_flush", as: SurfaceFlushFunction.self)
        setSourceRGBA = try symbol("cairo_set_source_rgba", as: SetSourceRGBAFunction.self)
        paint = try symbol("cairo_paint", as: PaintFunction.self)
        rectangle = try symbol("cairo_rectangle", as: RectangleFunction.self)
        fill = try symbol("cairo_fill", as: FillFunction.self)
        stroke = try symbol("cairo_stroke", as: StrokeFunction.self)
        moveTo = try symbol("cairo_move_to", as: MoveToFunction.self)
        lineTo = try symbol("cairo_line_to", as: LineToFunction.self)
        setLineWidth = try symbol("cairo_set_line_width", as: SetLineWidthFunction.self)
        selectFontFace = try symbol("cairo_select_font_face", as: SelectFontFaceFunction.self)
        setFontSize = try symbol("cairo_set_font_size", as: SetFontSizeFunction.self)
        showText = try symbol("cairo_show_text", as: ShowTextFunction.self)
        status = try symbol("cairo_status", as: StatusFunction.self)
        writeToPNGStream = try symbol("cairo_surface_write_to_png_stream", as: WriteToPNGStreamFunction.self)
        imageSurfaceGetData = try symbol("cairo_image_surface_get_data", as: ImageSurfaceGetDataFunction.self)
        imageSurfaceGetStride = try symbol("cairo_image_surface_get_stride", as: ImageSurfaceGetStrideFunction.self)
    }
}
