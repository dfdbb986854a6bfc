/** What the demos keep in a session: typed through `@sess/core`'s `SessionData` (see the README). */
declare module '@sess/core' {
  interface SessionData {
    /** Pages seen in this session (the home page counts). */
    visits: number
    /** The signed-in name. */
    user: string
  }
}

export {}
