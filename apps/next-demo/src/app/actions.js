'use server'
import { redirect } from 'next/navigation'
import { sessions } from '../lib/session.js'

/** Sign in: a new session id (fixation defence), the user's name, a flash for the next page. */
export async function signIn(formData) {
  const name = String(formData.get('name') ?? '').trim().slice(0, 40)
  if (!name) redirect('/')
  const session = await sessions.getSession()
  await session.regenerate()
  session.set('user', name)
  session.flash(`Welcome, ${name}!`)
  await session.save()
  redirect('/')
}

/** Sign out: the session is destroyed; a fresh one carries the goodbye flash. */
export async function signOut() {
  const session = await sessions.getSession()
  await session.destroy()
  session.flash('You are signed out.')
  await session.save()
  redirect('/')
}
