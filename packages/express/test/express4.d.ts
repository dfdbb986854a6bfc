// Express 4 is installed under an alias for tests; it has the same shape as far as the tests go.
declare module 'express4' {
  import express from 'express'
  export default express
}
